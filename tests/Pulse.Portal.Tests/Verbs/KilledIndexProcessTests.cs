using System.Diagnostics;
using System.Globalization;
using Pulse.Core.VectorStore.Embedded;
using Xunit.Abstractions;

namespace Pulse.Portal.Tests.Verbs;

/// <summary>
/// The <c>index</c> verb run as its own process and killed without warning (SIGKILL) in the middle of a job, then run again:
/// the job resumes from its committed cursor and ends with exactly one point per row, in the bookkeeping and in the store.
/// </summary>
public sealed class KilledIndexProcessTests(CommandLineFixture cli, ITestOutputHelper log) : IClassFixture<CommandLineFixture>
{
    // Enough rows that the job runs for seconds with the built-in embedder (about 2,000 rows/s on a loaded 2-core machine,
    // committed 500 at a time), so the kill lands between 10 % and 60 % even on a machine many times faster.
    private const int Rows = 20_000;
    private const int EarliestKill = Rows / 10;
    private const int LatestKill = Rows * 6 / 10;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(240);

    [Fact]
    public async Task An_index_process_killed_mid_job_resumes_on_the_next_run_with_exactly_one_point_per_row()
    {
        var tenantId = await cli.CreateTenantAsync("Killed indexing tenant", Rows);
        var tenant = tenantId.ToString(CultureInfo.InvariantCulture);
        var dataFolder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"pulse-kill-tests-{Guid.NewGuid():N}")).FullName;
        string[] index = [.. cli.SettingArguments(dataFolder), "index", "--tenant", tenant, "--source", "work_items"];
        try
        {
            // Act 1: start the job in a child process and kill it hard once some, but not most, rows are committed.
            await using (var first = PortalProcess.Start(dataFolder, index))
            {
                var clock = Stopwatch.StartNew();
                var seen = 0;
                while (true)
                {
                    Assert.False(first.HasExited, $"The index process ended before it could be killed (exit {(first.HasExited ? first.ExitCode : 0)}): {first.Output}{first.Error}");
                    Assert.True(clock.Elapsed < StartTimeout, $"No row was committed within {StartTimeout.TotalSeconds} s: {first.Output}{first.Error}");
                    seen = await ProcessedRowsAsync(tenantId);
                    if (seen >= EarliestKill) break;
                    await Task.Delay(25);
                }
                await first.KillAsync();
                log.WriteLine($"Killed the index process {clock.Elapsed.TotalSeconds:0.0} s after start, having seen {seen:N0} of {Rows:N0} rows processed.");
                log.WriteLine($"Its output: {first.Output}");
            }
            var (jobId, state, atKill, cursorAtKill) = await JobAsync(tenantId);
            Assert.True(atKill < LatestKill,
                $"The job had already processed {atKill:N0} of {Rows:N0} rows when the kill landed, so the kill did not interrupt it mid-job; add rows.");
            Assert.Equal("running", state); // nobody finished it: a dead runner leaves its job running, to be resumed
            log.WriteLine($"Job {jobId} after the kill: {atKill:N0} rows committed up to record {cursorAtKill}, state {state}.");

            // The killed process's database session ends with it, and with it the advisory lock that kept the job to one runner.
            var released = Stopwatch.StartNew();
            while (await HeldAsync(jobId))
            {
                Assert.True(released.Elapsed < StartTimeout, $"The killed runner's lock on job {jobId} was still held after {StartTimeout.TotalSeconds} s.");
                await Task.Delay(100);
            }

            log.WriteLine($"The lock was free {released.Elapsed.TotalSeconds:0.0} s after the kill.");

            // Act 2: the same command again picks the running job up where its cursor stopped and runs it to the end.
            var resumedAt = Assert.IsType<DateTime>(await cli.ScalarAsync("SELECT now()"));
            var resume = Stopwatch.StartNew();
            await using (var second = PortalProcess.Start(dataFolder, index))
            {
                TimeSpan? firstCommit = null;
                while (!second.HasExited && resume.Elapsed < RunTimeout)
                {
                    if (firstCommit is null && await ProcessedRowsAsync(tenantId) > atKill) firstCommit = resume.Elapsed;
                    await Task.Delay(50);
                }
                Assert.True(await second.WaitForExitAsync(TimeSpan.FromSeconds(5)), $"The resumed index run did not end within {RunTimeout.TotalSeconds} s: {second.Output}{second.Error}");
                log.WriteLine($"The resumed run committed its first batch {firstCommit?.TotalSeconds:0.0} s after it started and ended after {resume.Elapsed.TotalSeconds:0.0} s: {second.Output}{second.Error}");
                Assert.True(second.ExitCode == 0, $"exit {second.ExitCode}: {second.Output}{second.Error}");
                Assert.Contains($"Job {jobId} (work_items) is already running; running it here.", second.Output, StringComparison.Ordinal);
                Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Completed job {jobId}: {Rows:N0} rows ({Rows:N0} embedded, 0 unchanged, 0 parked, 0 deleted), {Rows:N0} points written"),
                    second.Output, StringComparison.Ordinal);
            }

            // The resumed run started at the cursor: no row committed before the kill was embedded or recorded again.
            Assert.Equal(0L, await cli.ScalarAsync("""
                SELECT count(*) FROM qdrant_vectors WHERE tenant_id = @t AND record_id <= @cursor AND last_updated_at >= @resumed
                """, ("t", tenantId), ("cursor", cursorAtKill), ("resumed", resumedAt)));
            Assert.Equal((long)(Rows - atKill), await cli.ScalarAsync("""
                SELECT count(*) FROM qdrant_vectors WHERE tenant_id = @t AND record_id > @cursor AND last_updated_at >= @resumed
                """, ("t", tenantId), ("cursor", cursorAtKill), ("resumed", resumedAt)));

            // Assert: the bookkeeping has one row per record and chunk, and the counts add up to the rows, once each.
            (_, state, var processed, _) = await JobAsync(tenantId);
            Assert.Equal("completed", state);
            Assert.Equal(Rows, processed);
            Assert.Equal(1L, await cli.ScalarAsync("SELECT count(*) FROM indexing_jobs WHERE tenant_id = @t", ("t", tenantId)));
            Assert.Equal((long)Rows, await cli.ScalarAsync("SELECT count(*) FROM qdrant_vectors WHERE tenant_id = @t AND table_name = 'work_items'", ("t", tenantId)));
            Assert.Equal((long)Rows, await cli.ScalarAsync("SELECT count(DISTINCT record_id) FROM qdrant_vectors WHERE tenant_id = @t AND table_name = 'work_items'", ("t", tenantId)));
            Assert.Equal((long)Rows, await cli.ScalarAsync("SELECT count(DISTINCT qdrant_point_id) FROM qdrant_vectors WHERE tenant_id = @t", ("t", tenantId)));
            Assert.Equal(0L, await cli.ScalarAsync("SELECT count(*) FROM indexing_parked_rows WHERE tenant_id = @t", ("t", tenantId)));
            var collection = Assert.IsType<string>(await cli.ScalarAsync("SELECT collection_name FROM indexing_jobs WHERE id = @j", ("j", jobId)));

            // ...the reconciliation (run in this process, over the same folder) finds no missing and no orphan point...
            var reconcile = await cli.RunAsync([$"--Pulse:DataFolder={dataFolder}", "reconcile", "--tenant", tenant]);
            Assert.True(reconcile.Exit == 0, reconcile.Output + reconcile.Error);
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{Rows:N0} recorded points, {Rows:N0} stored points"), reconcile.Output, StringComparison.Ordinal);
            Assert.Contains("Missing: 0  Orphans: 0  Stale model: 0", reconcile.Output, StringComparison.Ordinal);

            // ...and the store, opened afresh from the files the two processes left, holds exactly one point per row.
            using var store = new EmbeddedVectorStore(Path.Combine(dataFolder, "vectors"));
            Assert.Equal((long)Rows, await store.CountAsync(collection));
        }
        finally
        {
            try { Directory.Delete(dataFolder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private async Task<int> ProcessedRowsAsync(int tenantId) =>
        await cli.ScalarAsync("SELECT processed_rows FROM indexing_jobs WHERE tenant_id = @t ORDER BY id DESC LIMIT 1", ("t", tenantId)) is int rows ? rows : 0;

    private async Task<(long Id, string State, int Processed, int Cursor)> JobAsync(int tenantId)
    {
        var id = Assert.IsType<long>(await cli.ScalarAsync("SELECT id FROM indexing_jobs WHERE tenant_id = @t ORDER BY id DESC LIMIT 1", ("t", tenantId)));
        var state = Assert.IsType<string>(await cli.ScalarAsync("SELECT state FROM indexing_jobs WHERE id = @j", ("j", id)));
        var processed = Assert.IsType<int>(await cli.ScalarAsync("SELECT processed_rows FROM indexing_jobs WHERE id = @j", ("j", id)));
        var cursor = Assert.IsType<int>(await cli.ScalarAsync("SELECT last_record_id FROM indexing_jobs WHERE id = @j", ("j", id)));
        return (id, state, processed, cursor);
    }

    /// <summary>Whether any session holds the indexing advisory lock of <paramref name="jobId"/> (key space "PIDX", as the executor takes it).</summary>
    private async Task<bool> HeldAsync(long jobId) =>
        (long)(await cli.ScalarAsync("""
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid::bigint = @space AND objid::bigint = @job
            """, ("space", 0x50494458L), ("job", jobId)))! > 0;
}
