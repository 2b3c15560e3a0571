using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pulse.Core.Usage;
using Pulse.Core.Usage.Demo;
using Pulse.Core.Usage.Rollup;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Usage;

/// <summary>The daily rollup equals a GROUP BY of the raw rows, whatever writers do while it runs.</summary>
[Collection(PostgresCollection.Name)]
public sealed class UsageRollupTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private UsageTestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await UsageTestDatabase.CreateAsync(postgres, "rollup");

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private UsageRollup Rollup(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<UsageRollup>();

    [Fact]
    public async Task After_a_run_the_rollup_equals_a_group_by_of_the_raw_rows_and_nothing_is_left_pending()
    {
        var now = DateTimeOffset.UtcNow;
        await _db.CopyAsync(UsageHistoryGenerator.Generate(_db.TenantA, 30, now, 40, seed: 1));
        await _db.CopyAsync(UsageHistoryGenerator.Generate(_db.TenantB, 30, now, 20, seed: 2));
        using var scope = _db.Services(TestTenantContext.Admin());

        var days = await Rollup(scope).RunUntilCaughtUpAsync(batchSize: 7);

        Assert.InRange(days, 58, 62); // 30 days x 2 tenants (a day may be empty before office hours)
        Assert.Empty(await _db.RollupDifferencesAsync());
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM ai_usage_rollup_pending"));
        Assert.Equal((long)days, await _db.ScalarAsync<long>("SELECT days_recomputed FROM ai_usage_rollup_state"));
    }

    [Fact]
    public async Task Rows_inserted_updated_and_deleted_concurrently_with_rollup_runs_are_all_in_the_rollup_after_the_last_run()
    {
        using var scope = _db.Services(TestTenantContext.Admin());
        var rollup = Rollup(scope);
        var day = DateTimeOffset.UtcNow.Date;
        var start = new DateTimeOffset(day, TimeSpan.Zero).AddDays(-2);
        using var stop = new CancellationTokenSource();

        async Task WriteAsync(int writer)
        {
            var random = new Random(writer);
            for (var i = 0; i < 60; i++)
            {
                await using var connection = await _db.Source.OpenConnectionAsync();
                await using var tx = await connection.BeginTransactionAsync();
                var rows = random.Next(1, 5);
                for (var r = 0; r < rows; r++)
                {
                    await using var insert = new NpgsqlCommand(
                        "INSERT INTO ai_usage_tracking (tenant_id, provider, operation, model_name, cost, latency_ms, success, created_at, input_tokens, total_tokens) " +
                        "VALUES (@t, 'openai', 'embedding', 'm', @c, @l, @s, @at, 10, 10)", connection, tx);
                    insert.Parameters.AddWithValue("t", writer % 2 == 0 ? _db.TenantA : _db.TenantB);
                    insert.Parameters.AddWithValue("c", random.Next(0, 1000) / 10000m);
                    insert.Parameters.AddWithValue("l", random.Next(1, 3000));
                    insert.Parameters.AddWithValue("s", random.NextDouble() > 0.1);
                    insert.Parameters.AddWithValue("at", start.AddMinutes(random.Next(0, 3 * 24 * 60)));
                    await insert.ExecuteNonQueryAsync();
                }
                if (i % 10 == 5)
                {
                    // Changes to existing rows count too: a cost corrected, a row removed.
                    await using var change = new NpgsqlCommand(
                        "UPDATE ai_usage_tracking SET cost = cost + 0.5 WHERE id = (SELECT min(id) FROM ai_usage_tracking); " +
                        "DELETE FROM ai_usage_tracking WHERE id = (SELECT max(id) FROM ai_usage_tracking WHERE NOT success)", connection, tx);
                    await change.ExecuteNonQueryAsync();
                }
                await Task.Delay(random.Next(0, 4)); // hold the transaction open while the rollup runs
                if (random.NextDouble() < 0.1) await tx.RollbackAsync(); else await tx.CommitAsync();
            }
        }

        var runs = 0;
        var rolling = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) { await rollup.RunOnceAsync(batchSize: 3); runs++; }
        });
        await Task.WhenAll(Enumerable.Range(0, 4).Select(WriteAsync));
        await stop.CancelAsync();
        await rolling;
        await rollup.RunUntilCaughtUpAsync();

        Assert.True(runs > 5, $"only {runs} rollup runs overlapped the writers");
        Assert.Empty(await _db.RollupDifferencesAsync());
        Assert.True(await _db.ScalarAsync<long>("SELECT count(*) FROM ai_usage_daily") > 0);
    }

    [Fact]
    public async Task Two_rollup_runs_at_once_do_not_count_a_day_twice()
    {
        await _db.CopyAsync(UsageHistoryGenerator.Generate(_db.TenantA, 10, DateTimeOffset.UtcNow, 30, seed: 3));
        using var first = _db.Services(TestTenantContext.Admin());
        using var second = _db.Services(TestTenantContext.Admin());

        await Task.WhenAll(Rollup(first).RunUntilCaughtUpAsync(2), Rollup(second).RunUntilCaughtUpAsync(2));
        await _db.ExecuteAsync($"INSERT INTO ai_usage_rollup_pending (tenant_id, day) SELECT DISTINCT tenant_id, day FROM ai_usage_daily");
        await Task.WhenAll(Rollup(first).RunUntilCaughtUpAsync(1), Rollup(second).RunUntilCaughtUpAsync(1));

        Assert.Empty(await _db.RollupDifferencesAsync());
    }

    [Fact]
    public async Task The_background_service_rolls_up_on_its_interval_once_the_database_is_ready()
    {
        await _db.CopyAsync([UsageTestDatabase.Row(_db.TenantA, DateTimeOffset.UtcNow.AddMinutes(-5), 0.25m)]);
        var provider = Tenancy.CoreServices.Build(_db.ConnectionString, TestTenantContext.Admin(),
            new Dictionary<string, string?> { ["Pulse:Usage:Rollup:Interval"] = "00:00:00.100" });
        await using var _ = provider;
        // Built from the container's own parts (the host's other hosted services need a real host).
        var service = ActivatorUtilities.CreateInstance<UsageRollupService>(provider);

        await service.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && await _db.ScalarAsync<long>("SELECT count(*) FROM ai_usage_rollup_pending") > 0) await Task.Delay(50);
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(0.25m, await _db.ScalarAsync<decimal>("SELECT sum(cost) FROM ai_usage_daily"));
    }
}
