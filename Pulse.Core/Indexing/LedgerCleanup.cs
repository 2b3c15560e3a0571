namespace Pulse.Core.Indexing;

/// <summary>Which clean-up statements a batch needs: removing chunks a record no longer has, and un-parking rows.</summary>
internal readonly record struct LedgerCleanup(bool StaleChunks, bool ParkedRows);
