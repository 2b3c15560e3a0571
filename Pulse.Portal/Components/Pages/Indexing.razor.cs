using Microsoft.AspNetCore.Components;
using Pulse.Core.Data;
using Pulse.Core.Indexing;
using Pulse.Core.Tenancy;
using Radzen;

namespace Pulse.Portal.Components.Pages;

public partial class Indexing
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(1);

    [Inject] private IndexingService Service { get; set; } = default!;
    [Inject] private DialogService Dialogs { get; set; } = default!;
    [Inject] private ILogger<Indexing> Logger { get; set; } = default!;

    private IReadOnlyList<SourceStatus>? sources;
    private readonly Dictionary<long, (int Processed, DateTimeOffset At, double? Rate)> samples = [];
    private readonly Dictionary<string, IReadOnlyList<IndexingParkedRow>> parked = [];
    private readonly Dictionary<int, ReconciliationReport> reports = [];
    private Timer? timer;
    private string? message;
    private bool isError;
    private string? busyKey;
    private int? reconciling;
    private int? repairing;
    private int refreshing;

    protected override async Task OnInitializedAsync()
    {
        await RefreshAsync();
        timer = new Timer(_ => _ = InvokeAsync(TickAsync), null, RefreshEvery, RefreshEvery);
    }

    private async Task TickAsync()
    {
        if (Interlocked.Exchange(ref refreshing, 1) == 1) return; // a slow refresh is not stacked under the next tick
        try
        {
            await RefreshAsync();
            StateHasChanged();
        }
        finally
        {
            Volatile.Write(ref refreshing, 0);
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            sources = await Service.ListSourcesAsync();
            var now = DateTimeOffset.UtcNow;
            foreach (var job in sources.Select(s => s.Job).OfType<IndexingJob>())
            {
                double? rate = null;
                if (samples.TryGetValue(job.Id, out var last) && job.State == IndexingJobStates.Running && now > last.At)
                {
                    var instant = (job.ProcessedRows - last.Processed) / (now - last.At).TotalSeconds;
                    rate = last.Rate is { } previous ? previous * 0.5 + instant * 0.5 : instant; // smoothed, so the figure does not jump
                }
                samples[job.Id] = (job.ProcessedRows, now, rate);
            }
            foreach (var key in parked.Keys.ToList())
            {
                var source = sources.FirstOrDefault(s => Key(s) == key);
                if (source is null) parked.Remove(key);
                else parked[key] = await Service.ListParkedAsync(source.TenantId, source.Source.Table);
            }
            if (isError && message is not null && message.StartsWith("Could not load", StringComparison.Ordinal)) (message, isError) = (null, false);
        }
        catch (Exception ex) when (ex is DatabaseUnavailableException or TenantAccessDeniedException or IndexingException)
        {
            (message, isError) = ($"Could not load the indexing state: {ex.Message}", true);
        }
    }

    private double? RateOf(IndexingJob? job) => job is not null && samples.TryGetValue(job.Id, out var s) ? s.Rate : null;

    private static string Key(SourceStatus s) => $"{s.TenantId}:{s.Source.Table}";

    private Task StartAsync(SourceStatus s) => ActAsync(s, $"Indexing of {s.Source.Label} for {s.TenantName} is queued.", () => Service.StartAsync(s.TenantId, s.Source.Table));

    private Task PauseAsync(SourceStatus s) => ActAsync(s, $"Pausing {s.Source.Label}: it stops after the current batch.", () => Service.PauseAsync(s.Job!.Id));

    private Task ResumeAsync(SourceStatus s) => ActAsync(s, $"{s.Source.Label} resumes where it stopped.", () => Service.ResumeAsync(s.Job!.Id));

    private async Task CancelAsync(SourceStatus s)
    {
        var confirmed = await Dialogs.Confirm(
            $"Cancel the {IndexingJobStates.Label(s.Job!.State).ToLowerInvariant()} job for {s.Source.Label} of {s.TenantName}? Points already written stay; a later job skips them.",
            "Cancel indexing job", new ConfirmOptions { OkButtonText = "Cancel job", CancelButtonText = "Keep the job" });
        if (confirmed == true) await ActAsync(s, $"The job for {s.Source.Label} is cancelled.", () => Service.CancelAsync(s.Job.Id));
    }

    private async Task ToggleParkedAsync(SourceStatus s)
    {
        if (!parked.Remove(Key(s))) await ActAsync(s, null, async () => parked[Key(s)] = await Service.ListParkedAsync(s.TenantId, s.Source.Table));
    }

    private Task RetryParkedAsync(SourceStatus s) => ActAsync(s, $"A job retries the {s.ParkedRows} parked rows of {s.Source.Label} (unchanged rows are skipped).",
        () => Service.RetryParkedAsync(s.TenantId, s.Source.Table));

    private async Task ReconcileAsync(int tenantId)
    {
        reconciling = tenantId;
        try
        {
            reports[tenantId] = await Service.ReconcileAsync(tenantId);
            (message, isError) = (null, false);
        }
        catch (Exception ex) when (IsExpected(ex))
        {
            (message, isError) = ($"The reconciler could not run: {ex.Message}", true);
        }
        finally
        {
            reconciling = null;
        }
    }

    private async Task RepairAsync(int tenantId, string tenantName)
    {
        var report = reports[tenantId];
        var confirmed = await Dialogs.Confirm(
            $"Repair {tenantName}? {report.Orphans:N0} orphan points will be deleted from the vector store, and {report.Missing + report.StaleModel:N0} missing or stale points re-embedded by new jobs.",
            "Repair vector store drift", new ConfirmOptions { OkButtonText = "Repair", CancelButtonText = "Cancel" });
        if (confirmed != true) return;
        repairing = tenantId;
        try
        {
            var result = await Service.RepairAsync(tenantId);
            var busy = result.TablesBusy.Count > 0 ? $" {string.Join(", ", result.TablesBusy)} already had an active job; run the repair again once it ends." : "";
            (message, isError) = ($"Repair done: {result.OrphansDeleted:N0} orphan points deleted, {result.RecordsMarkedForReindex:N0} records queued for re-embedding.{busy}", false);
            reports.Remove(tenantId);
            await RefreshAsync();
        }
        catch (Exception ex) when (IsExpected(ex))
        {
            (message, isError) = ($"The repair failed: {ex.Message}", true);
        }
        finally
        {
            repairing = null;
        }
    }

    private void CloseReport(int tenantId) => reports.Remove(tenantId);

    private async Task ActAsync(SourceStatus s, string? success, Func<Task> action)
    {
        busyKey = Key(s);
        try
        {
            await action();
            if (success is not null) (message, isError) = (success, false);
            await RefreshAsync();
        }
        catch (Exception ex) when (IsExpected(ex))
        {
            Logger.LogInformation("Indexing action refused: {Reason}", ex.Message);
            (message, isError) = (ex.Message, true);
        }
        finally
        {
            busyKey = null;
        }
    }

    private static bool IsExpected(Exception ex) => ex is IndexingException or TenantAccessDeniedException or DatabaseUnavailableException
        or Pulse.Core.VectorStore.VectorStoreException;

    public void Dispose() => timer?.Dispose();
}
