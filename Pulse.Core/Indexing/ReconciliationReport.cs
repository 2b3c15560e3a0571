namespace Pulse.Core.Indexing;

/// <summary>What the reconciler found for one tenant: counts of each kind of drift and the first items of each.</summary>
public sealed record ReconciliationReport(
    int TenantId,
    DateTimeOffset CheckedAt,
    string CurrentModel,
    long RecordedPoints,
    long StoredPoints,
    IReadOnlyList<string> Collections,
    int Missing,
    int Orphans,
    int StaleModel,
    IReadOnlyList<DriftItem> Samples)
{
    /// <summary>Items shown per kind.</summary>
    public const int SamplesPerKind = 20;

    /// <summary>True when bookkeeping and store agree and every point is from the current model.</summary>
    public bool IsClean => Missing == 0 && Orphans == 0 && StaleModel == 0;
}
