namespace Pulse.Core.Indexing;

/// <summary>
/// A tenant's last reconciler run (<c>reconciliation_results</c>, one row per tenant): what it counted and found. Written
/// by <see cref="ReconciliationLog"/>; the health page shows it on the tenant's collection rows.
/// </summary>
public class ReconciliationResult
{
    public int TenantId { get; set; }
    public DateTimeOffset CheckedAt { get; set; }
    public string CurrentModel { get; set; } = "";
    public long RecordedPoints { get; set; }
    public long StoredPoints { get; set; }
    public int Missing { get; set; }
    public int Orphans { get; set; }
    public int StaleModel { get; set; }

    /// <summary>The collections it compared (full names as recorded or configured; aliases included).</summary>
    public string[] Collections { get; set; } = [];

    /// <summary>When a repair acted on this finding (deleted the orphans, queued the re-embedding); null when none did.</summary>
    public DateTimeOffset? RepairedAt { get; set; }

    /// <summary>True when bookkeeping and store agreed and every point was from the current model.</summary>
    public bool IsClean => Missing == 0 && Orphans == 0 && StaleModel == 0;

    /// <summary>The finding in one sentence.</summary>
    public string Summary => IsClean
        ? $"Last reconciliation {CheckedAt:yyyy-MM-dd HH:mm} UTC: clean ({RecordedPoints:N0} recorded points, {StoredPoints:N0} in the store)."
        : $"Last reconciliation {CheckedAt:yyyy-MM-dd HH:mm} UTC found {Missing:N0} missing point(s), {Orphans:N0} orphan(s) and {StaleModel:N0} from an older model than {CurrentModel}"
          + (RepairedAt is { } at ? $"; repaired {at:yyyy-MM-dd HH:mm} UTC (orphans deleted, the rest queued for re-embedding)." : ": repair it on the Indexing page.");
}
