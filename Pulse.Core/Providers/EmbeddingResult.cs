namespace Pulse.Core.Providers;

/// <summary>Vectors in input order, and how the call was served.</summary>
public sealed record EmbeddingResult(IReadOnlyList<float[]> Vectors, ProviderCallInfo Call)
{
    /// <summary>The vectors' length (0 when no text was given).</summary>
    public int Dimension => Vectors.Count == 0 ? 0 : Vectors[0].Length;
}
