using Pulse.Core.Providers;

namespace Pulse.Core.Indexing;

/// <summary>The vectors of each record that embedded, the records that were parked, and how the last call was served.</summary>
internal sealed class EmbedOutcome
{
    public Dictionary<int, IReadOnlyList<float[]>> Vectors { get; } = [];
    public List<ParkedRecord> Parked { get; } = [];
    public ProviderCallInfo? LastCall { get; set; }
    public int Retries { get; set; }
    public int Calls { get; set; }
}
