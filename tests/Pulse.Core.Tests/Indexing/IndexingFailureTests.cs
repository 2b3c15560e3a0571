using Npgsql;
using Pulse.Core.Indexing;
using Pulse.Core.Tests.Providers.Support;
using Pulse.Testing.Http;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Indexing;

/// <summary>Failures on real sockets and a real database: parked rows, outages, crashes mid-job, and one job per source.</summary>
[Collection(PostgresCollection.Name)]
public sealed class IndexingFailureTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task A_row_the_provider_keeps_refusing_is_parked_with_its_error_and_the_rest_are_indexed()
    {
        await using var provider = await LoopbackEmbeddings.StartAsync();
        provider.Respond(r => Task.FromResult(LoopbackEmbeddings.InputsOf(r.JsonBody()).Any(t => t.Contains("POISON", StringComparison.Ordinal))
            ? FakeProviderResponses.OpenAiError(400, "This input is not allowed")
            : FakeProviderResponses.OpenAiEmbeddings(r, LoopbackEmbeddings.Dimension)));
        await using var host = await IndexingTestHost.CreateAsync(postgres, provider.Resolver);
        var tenant = await host.CreateTenantAsync("parked");
        provider.AddTenant(tenant);
        var ids = await host.InsertWorkItemsAsync(tenant, 50);
        await host.ExecuteAsync("UPDATE work_items SET summary = 'POISON pill' WHERE id = @id", ("id", ids[17]));

        var job = await host.IndexAsync(tenant);

        Assert.Equal(IndexingJobStates.Completed, job.State);
        Assert.Equal((50, 49, 1), (job.ProcessedRows, job.EmbeddedRows, job.ParkedRows));
        Assert.Equal(49, await host.Store.CountAsync(job.CollectionName));
        var ops = host.ServiceFor(TestTenantContext.User(tenant, Pulse.Core.Tenancy.PulseRoles.Ops));
        var parked = Assert.Single(await ops.ListParkedAsync(tenant, BuiltInSources.WorkItems));
        Assert.Equal(ids[17], parked.RecordId);
        Assert.Contains("400", parked.Error);
        Assert.DoesNotContain("sk-indexing-test-key", parked.Error);
        var health = Assert.Single(await new IndexingHealthSource(host.Database).ProbeAsync(default), r => r.TenantId == tenant);
        Assert.Equal(Pulse.Core.Operations.Health.HealthStatus.Yellow, health.Status);
        Assert.Contains("1 row(s) are parked", health.Reason);

        // Fixed at the source, the parked row is indexed by the retry and leaves the list.
        await host.ExecuteAsync("UPDATE work_items SET summary = 'cured pill' WHERE id = @id", ("id", ids[17]));
        var retry = await ops.RetryParkedAsync(tenant, BuiltInSources.WorkItems);
        Assert.True(await host.Executor.TryRunAsync(retry.Id, default));
        var done = await host.JobAsync(retry.Id);
        Assert.Equal((1, 49, 0), (done.EmbeddedRows, done.UnchangedRows, done.ParkedRows));
        Assert.Empty(await ops.ListParkedAsync(tenant, BuiltInSources.WorkItems));
        Assert.Equal(50, await host.Store.CountAsync(job.CollectionName));
        health = Assert.Single(await new IndexingHealthSource(host.Database).ProbeAsync(default), r => r.TenantId == tenant);
        Assert.Equal(Pulse.Core.Operations.Health.HealthStatus.Green, health.Status);
        Assert.Equal(0, health.Figures.Single(f => f.Key == "parked_rows").Value);
    }

    [Fact]
    public async Task A_provider_outage_pauses_the_job_instead_of_parking_every_row()
    {
        await using var provider = await LoopbackEmbeddings.StartAsync();
        provider.Respond(_ => Task.FromResult(FakeProviderResponses.OpenAiError(503, "overloaded")));
        // The breaker stays closed here so that the resume below reaches the provider at once (breakers have their own tests).
        await using var host = await IndexingTestHost.CreateAsync(postgres, provider.Resolver,
            new Dictionary<string, string?> { ["Pulse:Providers:Resilience:BreakerFailureThreshold"] = "1000" });
        var tenant = await host.CreateTenantAsync("outage");
        provider.AddTenant(tenant);
        await host.InsertWorkItemsAsync(tenant, 20);

        var job = await host.IndexAsync(tenant);

        Assert.Equal(IndexingJobStates.Paused, job.State);
        Assert.Contains("not answering", job.Error);
        Assert.Equal((0, 0), (job.ProcessedRows, job.ParkedRows));
        Assert.True(provider.Server.Requests.Count >= 3, "the failing batch was retried with back-off before the job paused");

        provider.Respond(r => Task.FromResult(FakeProviderResponses.OpenAiEmbeddings(r, LoopbackEmbeddings.Dimension)));
        await host.ServiceFor(TestTenantContext.Admin()).ResumeAsync(job.Id);
        Assert.True(await host.Executor.TryRunAsync(job.Id, default));
        var resumed = await host.JobAsync(job.Id);
        Assert.Equal((IndexingJobStates.Completed, 20, null), (resumed.State, resumed.EmbeddedRows, resumed.Error));
    }

    [Fact]
    public async Task A_runner_stopped_mid_job_resumes_from_its_cursor_without_duplicates()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = 0;
        await using var provider = await LoopbackEmbeddings.StartAsync();
        provider.Respond(async r =>
        {
            // The fourth call hangs until the test opens the gate: the runner is stopped while it waits.
            if (Interlocked.Increment(ref requests) == 4) await gate.Task;
            return FakeProviderResponses.OpenAiEmbeddings(r, LoopbackEmbeddings.Dimension);
        });
        await using var host = await IndexingTestHost.CreateAsync(postgres, provider.Resolver, new Dictionary<string, string?>
        {
            ["Pulse:Indexing:EmbedBatchSize"] = "10",
            ["Pulse:Indexing:CommitBatchSize"] = "10",
            ["Pulse:Indexing:ReadPageSize"] = "50",
        });
        var tenant = await host.CreateTenantAsync("resume");
        provider.AddTenant(tenant);
        await host.InsertWorkItemsAsync(tenant, 200);
        var jobId = await host.QueueAsync(tenant);

        var runner = host.NewRunner();
        await runner.StartAsync(default);
        await host.WaitForJobAsync(jobId, j => j.ProcessedRows == 30);
        await WaitUntilAsync(() => Volatile.Read(ref requests) >= 4);
        await runner.StopAsync(default);
        runner.Dispose();

        var stopped = await host.JobAsync(jobId);
        Assert.Equal((IndexingJobStates.Running, 30), (stopped.State, stopped.ProcessedRows));
        var sentBefore = provider.Inputs().Count;
        gate.SetResult();

        var second = host.NewRunner();
        await second.StartAsync(default);
        var done = await host.WaitForJobAsync(jobId, j => j.State != IndexingJobStates.Running);
        await second.StopAsync(default);
        second.Dispose();

        Assert.Equal((IndexingJobStates.Completed, 200, 200), (done.State, done.ProcessedRows, done.EmbeddedRows));
        Assert.Equal(170, provider.Inputs().Count - sentBefore);
        Assert.Equal(200, await host.Store.CountAsync(done.CollectionName));
        Assert.Equal(200, await host.CountAsync("SELECT count(DISTINCT qdrant_point_id) FROM qdrant_vectors WHERE tenant_id = @t", ("t", tenant)));
        Assert.Equal(200, await host.CountAsync("SELECT count(*) FROM qdrant_vectors WHERE tenant_id = @t", ("t", tenant)));
    }

    [Fact]
    public async Task Pausing_a_running_job_stops_it_after_the_batch_in_flight_and_resume_finishes_it()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = 0;
        await using var provider = await LoopbackEmbeddings.StartAsync();
        provider.Respond(async r =>
        {
            if (Interlocked.Increment(ref requests) == 2) await gate.Task;
            return FakeProviderResponses.OpenAiEmbeddings(r, LoopbackEmbeddings.Dimension);
        });
        await using var host = await IndexingTestHost.CreateAsync(postgres, provider.Resolver, new Dictionary<string, string?>
        {
            ["Pulse:Indexing:EmbedBatchSize"] = "10",
            ["Pulse:Indexing:CommitBatchSize"] = "10",
        });
        var tenant = await host.CreateTenantAsync("pauserun");
        provider.AddTenant(tenant);
        await host.InsertWorkItemsAsync(tenant, 60);
        var jobId = await host.QueueAsync(tenant);
        var run = host.Executor.TryRunAsync(jobId, default);
        await WaitUntilAsync(() => Volatile.Read(ref requests) >= 2);

        await host.ServiceFor(TestTenantContext.Admin()).PauseAsync(jobId);
        gate.SetResult();
        Assert.True(await run);

        var paused = await host.JobAsync(jobId);
        Assert.Equal((IndexingJobStates.Paused, 20), (paused.State, paused.ProcessedRows));
        Assert.Equal(2, Volatile.Read(ref requests));
        await host.ServiceFor(TestTenantContext.Admin()).ResumeAsync(jobId);
        Assert.True(await host.Executor.TryRunAsync(jobId, default));
        var done = await host.JobAsync(jobId);
        Assert.Equal((IndexingJobStates.Completed, 60, 60), (done.State, done.ProcessedRows, done.EmbeddedRows));
        Assert.Equal(60, await host.Store.CountAsync(done.CollectionName));
    }

    [Fact]
    public async Task Only_one_job_per_source_can_be_active_and_a_held_job_is_not_run_twice()
    {
        await using var host = await IndexingTestHost.CreateAsync(postgres);
        var tenant = await host.CreateTenantAsync("single");
        await host.InsertWorkItemsAsync(tenant, 10);
        var admin = host.ServiceFor(TestTenantContext.Admin());
        var first = await admin.StartAsync(tenant, BuiltInSources.WorkItems);

        var refused = await Assert.ThrowsAsync<IndexingException>(() => admin.StartAsync(tenant, BuiltInSources.WorkItems));
        Assert.Contains("already queued, running or paused", refused.Message);
        // The database itself refuses a second active job, whoever inserts it.
        var sql = await Assert.ThrowsAsync<PostgresException>(() => host.ExecuteAsync(
            "INSERT INTO indexing_jobs (tenant_id, source_table, collection_name, state) VALUES (@t, 'work_items', 'x', 'paused')", ("t", tenant)));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, sql.SqlState);
        // Another source of the same tenant is independent.
        var pulls = await admin.StartAsync(tenant, BuiltInSources.PullRequests);
        Assert.NotEqual(first.Id, pulls.Id);

        // While another process holds the job's lock, this one leaves it alone.
        await using (var other = await host.Database.Primary.OpenConnectionAsync())
        {
            await using var take = new NpgsqlCommand("SELECT pg_advisory_lock(1346978904, @job)", other);
            take.Parameters.AddWithValue("job", (int)first.Id);
            await take.ExecuteNonQueryAsync();
            Assert.False(await host.Executor.TryRunAsync(first.Id, default));
            Assert.Equal(IndexingJobStates.Queued, (await host.JobAsync(first.Id)).State);
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", other);
            await release.ExecuteNonQueryAsync();
        }

        Assert.True(await host.Executor.TryRunAsync(first.Id, default));
        Assert.Equal(IndexingJobStates.Completed, (await host.JobAsync(first.Id)).State);
        var next = await admin.StartAsync(tenant, BuiltInSources.WorkItems);
        Assert.NotEqual(first.Id, next.Id);
    }

    [Fact]
    public async Task A_paused_job_is_left_alone_until_resumed_and_a_cancelled_one_for_good()
    {
        await using var host = await IndexingTestHost.CreateAsync(postgres);
        var tenant = await host.CreateTenantAsync("pause");
        await host.InsertWorkItemsAsync(tenant, 15);
        var admin = host.ServiceFor(TestTenantContext.Admin());
        var job = await admin.StartAsync(tenant, BuiltInSources.WorkItems);

        await admin.PauseAsync(job.Id);
        await host.Executor.TryRunAsync(job.Id, default);
        Assert.Equal((IndexingJobStates.Paused, 0), ((await host.JobAsync(job.Id)).State, (await host.JobAsync(job.Id)).ProcessedRows));
        await Assert.ThrowsAsync<IndexingException>(() => admin.PauseAsync(job.Id));

        await admin.ResumeAsync(job.Id);
        await host.Executor.TryRunAsync(job.Id, default);
        Assert.Equal(IndexingJobStates.Completed, (await host.JobAsync(job.Id)).State);

        var again = await admin.StartAsync(tenant, BuiltInSources.WorkItems);
        await admin.CancelAsync(again.Id);
        await host.Executor.TryRunAsync(again.Id, default);
        var cancelled = await host.JobAsync(again.Id);
        Assert.Equal((IndexingJobStates.Cancelled, 0), (cancelled.State, cancelled.ProcessedRows));
        Assert.NotNull(cancelled.FinishedAt);
        await Assert.ThrowsAsync<IndexingException>(() => admin.ResumeAsync(again.Id));
    }

    [Fact]
    public async Task A_job_that_cannot_start_fails_with_a_clear_reason_instead_of_waiting_forever()
    {
        var noIntegrations = new Pulse.Core.Providers.InMemoryIntegrationChainResolver();
        await using var host = await IndexingTestHost.CreateAsync(postgres, noIntegrations);
        var tenant = await host.CreateTenantAsync("noprov");
        await host.InsertWorkItemsAsync(tenant, 3);

        var job = await host.IndexAsync(tenant);

        Assert.Equal(IndexingJobStates.Failed, job.State);
        Assert.Contains("No embedding provider is configured", job.Error);
        Assert.NotNull(job.FinishedAt);
        Assert.Equal(0, await host.CountAsync("SELECT count(*) FROM indexing_jobs WHERE state IN ('queued', 'running')"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("The condition was not met.");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task A_vector_store_outage_pauses_the_job_and_after_resume_every_row_is_indexed_once()
    {
        var outage = new VectorStoreOutage();
        await using var host = await IndexingTestHost.CreateAsync(postgres, configure: outage.Wrap);
        var tenant = await host.CreateTenantAsync("store-outage");
        await host.InsertWorkItemsAsync(tenant, 30);
        outage.Down = true;

        var job = await host.IndexAsync(tenant);

        Assert.Equal(IndexingJobStates.Paused, job.State);
        Assert.Contains("vector store is not answering", job.Error);
        Assert.True(outage.Refused > 0);
        Assert.Equal(0, job.ParkedRows);

        outage.Down = false;
        await host.ServiceFor(TestTenantContext.Admin()).ResumeAsync(job.Id);
        Assert.True(await host.Executor.TryRunAsync(job.Id, default));
        var done = await host.JobAsync(job.Id);
        Assert.Equal(IndexingJobStates.Completed, done.State);
        Assert.Equal((30, 0), (done.ProcessedRows, done.ParkedRows));
        Assert.Equal(30, await host.Store.CountAsync(done.CollectionName));
        Assert.Equal(30, await host.CountAsync("SELECT count(*) FROM qdrant_vectors WHERE tenant_id = @t", ("t", tenant)));
    }
}
