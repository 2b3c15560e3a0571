namespace Pulse.Core.Search;

/// <summary>An embedding integration the tenant may search with.</summary>
/// <param name="Id">Its id (negative for the built-in embedder).</param>
/// <param name="Name">Its name.</param>
/// <param name="Model">The model it embeds with.</param>
/// <param name="Dimension">The vectors' length, when known.</param>
/// <param name="IsDefault">True for the head of the tenant's default chain.</param>
public sealed record IntegrationOption(int Id, string Name, string Model, int? Dimension, bool IsDefault)
{
    /// <summary>What a picker shows.</summary>
    public string Label => $"{Name} ({Model}, {(Dimension is { } d ? $"{d} dims" : "dimension unknown")}){(IsDefault ? " · default" : "")}";
}
