using Xunit;

namespace Pulse.Testing.OpenApi;

/// <summary>A theory that needs the published specifications: skipped, with the reason, when they are absent (see <see cref="SpecFactAttribute"/>).</summary>
public sealed class SpecTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips the theory when the specs folder or any of <paramref name="specFiles"/> in it is missing.</summary>
    public SpecTheoryAttribute(params string[] specFiles)
    {
        var reason = specFiles.Length == 0 ? SpecsFolder.SkipReason() : specFiles.Select(SpecsFolder.SkipReason).FirstOrDefault(r => r is not null);
        if (reason is not null)
        {
            Skip = reason;
        }
    }
}
