namespace Pulse.Core.Operations.Health;

/// <summary>
/// One line of the health page: a component ("Collections", "PostgreSQL", ...), the thing inside it, its status,
/// the reason in words (never colour alone), and the figures behind it.
/// </summary>
/// <param name="Component">The area, e.g. "Collections".</param>
/// <param name="Name">The thing, e.g. a collection or integration name.</param>
/// <param name="Status">Green, grey, yellow or red.</param>
/// <param name="Reason">Why, in a sentence a person understands.</param>
/// <param name="Figures">Measured figures (kept in the history).</param>
/// <param name="TenantId">The tenant the row is about; null for platform-wide rows. Tenant users only see their own tenant's rows.</param>
public sealed record HealthRow(string Component, string Name, HealthStatus Status, string Reason, IReadOnlyList<HealthFigure> Figures, int? TenantId = null)
{
    /// <summary>Optional longer note (e.g. why points and indexed vectors may differ).</summary>
    public string? Detail { get; init; }

    /// <summary>True for the row a source reports when it has nothing to report on ("No collections"): not a thing, a state.</summary>
    public bool IsPlaceholder { get; init; }
}
