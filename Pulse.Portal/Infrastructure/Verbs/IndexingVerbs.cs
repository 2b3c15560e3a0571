using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pulse.Core.Indexing;

namespace Pulse.Portal.Infrastructure.Verbs;

/// <summary>
/// <c>index --tenant ID --source TABLE</c> (queue a job, or resume the paused one, and run it here with a progress line;
/// Ctrl+C pauses it after its current batch), <c>index status [--tenant ID]</c> and <c>reconcile --tenant ID [--repair]</c>.
/// The portal's background runner is not started: jobs run in this process, in the foreground.
/// </summary>
public static class IndexingVerbs
{
    public const string Usage = "index --tenant ID --source TABLE | index status [--tenant ID] | reconcile --tenant ID [--repair]";

    /// <summary>Exit code of a job paused by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    public static async Task<int> RunAsync(WebApplication app, VerbArguments args, TextWriter output, bool interactive, CancellationToken interrupt)
    {
        var tenantId = args.Tenant();
        switch (args.Positional)
        {
            case ["index"]:
                var table = args.Value("source") ?? throw new UsageException($"index needs --source TABLE (one of {string.Join(", ", BuiltInSources.Tables)}, or a table the tenant's pipeline names).");
                return await WithServiceAsync(app, tenantId ?? throw new UsageException("index needs --tenant ID."), output,
                    (session, service) => IndexAsync(session, service, tenantId.Value, table, output, interactive, interrupt));
            case ["index", "status"]:
                return await WithServiceAsync(app, tenantId, output, (_, service) => StatusAsync(service, output));
            case ["reconcile"]:
                return await WithServiceAsync(app, tenantId ?? throw new UsageException("reconcile needs --tenant ID."), output,
                    (session, service) => ReconcileAsync(session, service, tenantId.Value, args.Has("repair"), output, interactive, interrupt));
            default:
                throw new UsageException($"usage: Pulse.Portal {Usage}");
        }
    }

    private static async Task<int> WithServiceAsync(WebApplication app, int? tenantId, TextWriter output, Func<CommandLineSession, IndexingService, Task<int>> verb)
    {
        await using var session = await CommandLineSession.OpenAsync(app, CancellationToken.None);
        if (tenantId is { } id) output.WriteLine($"Tenant {id}: {await session.RequireTenantAsync(id, CancellationToken.None)}");
        var caller = new CommandLineCaller(tenantId);
        var services = session.Services;
        var service = new IndexingService(session.Contexts(caller), caller, session.Database,
            services.GetRequiredService<PipelineConfigurationReader>(), services.GetRequiredService<VectorReconciler>(),
            services.GetRequiredService<IndexingJobQueue>(), services.GetRequiredService<IndexingSignal>());
        try
        {
            return await verb(session, service);
        }
        catch (IndexingException ex)
        {
            output.WriteLine(ex.Message);
            return 1;
        }
    }

    private static async Task<int> IndexAsync(CommandLineSession session, IndexingService service, int tenantId, string table, TextWriter output, bool interactive, CancellationToken interrupt)
    {
        var latest = (await service.ListJobsAsync(tenantId, table, 1)).FirstOrDefault();
        IndexingJob job;
        if (latest is { State: IndexingJobStates.Paused })
        {
            await service.ResumeAsync(latest.Id);
            job = latest;
            output.WriteLine($"Resuming paused job {job.Id} ({table}) after record {job.LastRecordId}.");
        }
        else if (latest is { State: IndexingJobStates.Queued or IndexingJobStates.Running })
        {
            job = latest;
            output.WriteLine($"Job {job.Id} ({table}) is already {job.State}; running it here.");
        }
        else
        {
            job = await service.StartAsync(tenantId, table);
            output.WriteLine($"Queued job {job.Id}: {table} into {job.CollectionName}.");
        }
        return await RunJobAsync(session, service, job.Id, output, interactive, interrupt);
    }

    /// <summary>Runs a queued job in this process, drawing its progress, and pauses it on Ctrl+C.</summary>
    private static async Task<int> RunJobAsync(CommandLineSession session, IndexingService service, long jobId, TextWriter output, bool interactive, CancellationToken interrupt)
    {
        var executor = session.Services.GetRequiredService<IndexingJobExecutor>();
        var run = executor.TryRunAsync(jobId, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        int? baseline = null;
        var paused = false;
        var lastLine = TimeSpan.Zero;
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(interactive ? 250 : 500, CancellationToken.None));
            if (interrupt.IsCancellationRequested && !paused)
            {
                paused = true;
                try
                {
                    await service.PauseAsync(jobId);
                    Line(output, interactive, "Pausing after the current batch (Ctrl+C again to stop at once)...");
                }
                catch (IndexingException) { /* it ended meanwhile */ }
            }
            var job = await ReadJobAsync(session, jobId);
            baseline ??= job.ProcessedRows;
            if (interactive || clock.Elapsed - lastLine >= TimeSpan.FromSeconds(2))
            {
                Progress(output, interactive, job, job.ProcessedRows - baseline.Value, clock.Elapsed);
                lastLine = clock.Elapsed;
            }
        }

        var ran = await run;
        var final = await ReadJobAsync(session, jobId);
        if (interactive) output.WriteLine();
        if (!ran)
        {
            output.WriteLine($"Job {jobId} is being run by another process (the portal?); follow it with `index status`.");
            return 1;
        }
        Progress(output, interactive: false, final, final.ProcessedRows - (baseline ?? 0), clock.Elapsed);
        switch (final.State)
        {
            case IndexingJobStates.Completed:
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Completed job {jobId}: {final.ProcessedRows:N0} rows ({final.EmbeddedRows:N0} embedded, {final.UnchangedRows:N0} unchanged, {final.ParkedRows:N0} parked, {final.DeletedRows:N0} deleted), {final.PointsWritten:N0} points written to {final.CollectionName} in {clock.Elapsed.TotalSeconds:0.0} s."));
                if (final.ParkedRows > 0) output.WriteLine("Parked rows are listed by `index status`; a new `index` run retries them.");
                return 0;
            case IndexingJobStates.Paused when paused:
                output.WriteLine($"Paused job {jobId} after record {final.LastRecordId} ({final.ProcessedRows:N0} of {final.TotalRows:N0} rows). Run the same command again to resume.");
                return Interrupted;
            default:
                output.WriteLine($"Job {jobId} is {final.State}: {final.Error ?? "no reason recorded"}");
                return 1;
        }
    }

    private static async Task<IndexingJob> ReadJobAsync(CommandLineSession session, long jobId)
    {
        await using var db = session.Contexts(new CommandLineCaller(null)).CreateDbContext();
        return await db.Set<IndexingJob>().AsNoTracking().SingleAsync(j => j.Id == jobId);
    }

    private static void Progress(TextWriter output, bool interactive, IndexingJob job, int doneHere, TimeSpan elapsed)
    {
        var total = Math.Max(job.TotalRows, job.ProcessedRows);
        var rate = elapsed.TotalSeconds > 0 ? doneHere / elapsed.TotalSeconds : 0;
        var eta = rate > 0 && total > job.ProcessedRows ? TimeSpan.FromSeconds((total - job.ProcessedRows) / rate).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : "--";
        const int width = 24;
        var filled = total == 0 ? (job.State == IndexingJobStates.Completed ? width : 0) : (int)((long)width * job.ProcessedRows / total);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', width - filled)}] {job.ProcessedRows:N0}/{total:N0} rows  {rate:N0} rows/s  ETA {eta}  parked {job.ParkedRows:N0}  {job.State}");
        Line(output, interactive, text);
    }

    private static void Line(TextWriter output, bool interactive, string text)
    {
        if (interactive) output.Write($"\r{text.PadRight(Math.Max(text.Length, 100))}");
        else output.WriteLine(text);
        output.Flush();
    }

    private static async Task<int> StatusAsync(IndexingService service, TextWriter output)
    {
        var sources = await service.ListSourcesAsync();
        if (sources.Count == 0)
        {
            output.WriteLine("No active tenants with indexing sources.");
            return 0;
        }
        var rows = sources.Select(s => new[]
        {
            $"{s.TenantId} {s.TenantName}", s.Source.Table, s.CollectionName, s.Job is null ? "never run" : $"#{s.Job.Id} {s.Job.State}",
            s.Job is null ? "" : $"{s.Job.ProcessedRows:N0}/{s.Job.TotalRows:N0}", s.Job?.EmbeddedRows.ToString("N0", CultureInfo.InvariantCulture) ?? "",
            s.RecordedPoints.ToString("N0", CultureInfo.InvariantCulture), s.ParkedRows.ToString("N0", CultureInfo.InvariantCulture),
            s.Job?.UpdatedAt.ToString("u", CultureInfo.InvariantCulture) ?? "",
        }).ToList();
        string[] header = ["TENANT", "SOURCE", "COLLECTION", "JOB", "ROWS", "EMBEDDED", "POINTS", "PARKED", "UPDATED"];
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        foreach (var row in rows.Prepend(header))
            output.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());

        foreach (var source in sources.Where(s => s.ParkedRows > 0))
        {
            output.WriteLine();
            output.WriteLine($"Parked rows of tenant {source.TenantId} {source.Source.Table} ({source.ParkedRows:N0}; a new `index` run retries them):");
            foreach (var parked in await service.ListParkedAsync(source.TenantId, source.Source.Table, take: 10))
                output.WriteLine($"  record {parked.RecordId}: {parked.Error} ({parked.Attempts} attempt(s), last {parked.LastFailedAt:u})");
        }
        foreach (var failed in sources.Where(s => s.Job is { Error: not null }))
            output.WriteLine($"Job {failed.Job!.Id} ({failed.Source.Table}): {failed.Job.Error}");
        return 0;
    }

    private static async Task<int> ReconcileAsync(CommandLineSession session, IndexingService service, int tenantId, bool repair, TextWriter output, bool interactive, CancellationToken interrupt)
    {
        var report = await service.ReconcileAsync(tenantId);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Reconciled tenant {tenantId} (model {report.CurrentModel}): {report.RecordedPoints:N0} recorded points, {report.StoredPoints:N0} stored points in {report.Collections.Count} collection(s) ({string.Join(", ", report.Collections)})."));
        output.WriteLine($"Missing: {report.Missing:N0}  Orphans: {report.Orphans:N0}  Stale model: {report.StaleModel:N0}");
        foreach (var item in report.Samples.Take(10))
            output.WriteLine($"  {item.Kind}: {item.Collection} {item.PointId}{(item.Table is null ? "" : $" ({item.Table} {item.RecordId})")}: {item.Detail}");
        if (report.IsClean)
        {
            output.WriteLine("Clean: bookkeeping and store agree.");
            return 0;
        }
        if (!repair)
        {
            output.WriteLine("Run with --repair to fix it.");
            return 0;
        }

        var result = await service.RepairAsync(tenantId);
        output.WriteLine($"Repair: {result.OrphansDeleted:N0} orphan point(s) deleted, {result.RecordsMarkedForReindex:N0} record(s) marked for re-embedding.");
        foreach (var busy in result.TablesBusy) output.WriteLine($"  {busy}: a job is already active; it picks the marked records up.");
        var exit = 0;
        foreach (var table in result.TablesQueued)
        {
            var job = (await service.ListJobsAsync(tenantId, table, 1)).First();
            output.WriteLine($"Re-indexing {table} (job {job.Id}):");
            exit = Math.Max(exit, await RunJobAsync(session, service, job.Id, output, interactive, interrupt));
        }
        return exit;
    }
}
