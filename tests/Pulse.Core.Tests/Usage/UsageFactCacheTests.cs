using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;
using Pulse.Core.Usage;
using Pulse.Core.Usage.Demo;
using Pulse.Core.Usage.Rollup;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Usage;

/// <summary>
/// The closed days' fact cache gives exactly the figures an uncached read gives: with today pending, after a late,
/// changed or deleted row of a closed day (before and after the rollup absorbs it), and after a rename.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class UsageFactCacheTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private static readonly DateTimeOffset TenDaysAgo = new(Today.AddDays(-10).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
    private UsageTestDatabase _db = null!;
    private IServiceScope _scope = null!;
    private PulseDatabase _database = null!;
    private readonly UsageFactCache _cache = new();

    public async Task InitializeAsync()
    {
        _db = await UsageTestDatabase.CreateAsync(postgres, "factcache");
        var integrations = new Dictionary<string, int> { ["openai"] = _db.IntegrationA };
        await _db.CopyAsync(UsageHistoryGenerator.Generate(_db.TenantA, 70, DateTimeOffset.UtcNow, 12, seed: 1, integrations));
        await _db.CopyAsync(UsageHistoryGenerator.Generate(_db.TenantB, 70, DateTimeOffset.UtcNow, 8, seed: 2));
        _scope = _db.Services(TestTenantContext.Admin());
        _database = _scope.ServiceProvider.GetRequiredService<PulseDatabase>();
        await RollUpAsync();
    }

    public async Task DisposeAsync()
    {
        _scope.Dispose();
        await _db.DisposeAsync();
    }

    private Task RollUpAsync() => _scope.ServiceProvider.GetRequiredService<UsageRollup>().RunUntilCaughtUpAsync();

    private Task<long> VersionAsync() => _db.ScalarAsync<long>("SELECT closed_days_version FROM ai_usage_rollup_state");

    private static UsageQuery Last60Days(UsageGranularity granularity) => new(Today.AddDays(-59), Today.AddDays(1), granularity);

    /// <summary>Reads through the cache and without it; asserts they agree and returns the cached report.</summary>
    private async Task<UsageReport> CachedAgreesAsync(ITenantContext tenant, UsageQuery query)
    {
        var cached = await new UsageAggregates(_database, tenant, _cache).QueryAsync(query);
        var uncached = await new UsageAggregates(_database, tenant).QueryAsync(query);
        Assert.Equal(Fingerprint(uncached), Fingerprint(cached));
        return cached;
    }

    private static List<string> Fingerprint(UsageReport report) =>
        report.Facts.Select(f => string.Join('|', f.Period, f.TenantId, f.TenantName, f.IntegrationId, f.IntegrationName, f.Provider, f.Model, f.Operation,
                f.Figures.Requests, f.Figures.Succeeded, f.Figures.Failed, f.Figures.FallbackServed, f.Figures.InputTokens, f.Figures.OutputTokens,
                f.Figures.TotalTokens, f.Figures.Cost.ToString(CultureInfo.InvariantCulture), f.Figures.LatencyMsSum, string.Join(',', f.Figures.LatencyCounts)))
            .Order(StringComparer.Ordinal).ToList();

    [Theory]
    [InlineData(UsageGranularity.Day)]
    [InlineData(UsageGranularity.Week)]
    [InlineData(UsageGranularity.Month)]
    public async Task Cached_views_equal_uncached_ones_for_a_tenant_and_for_all_tenants_with_today_pending(UsageGranularity granularity)
    {
        await _db.CopyAsync([UsageTestDatabase.Row(_db.TenantA, DateTimeOffset.UtcNow, 0.5m), UsageTestDatabase.Row(_db.TenantB, DateTimeOffset.UtcNow, 0.25m)]);

        foreach (var tenant in new ITenantContext[] { TestTenantContext.User(_db.TenantA), TestTenantContext.Admin() })
            for (var view = 0; view < 3; view++) await CachedAgreesAsync(tenant, Last60Days(granularity));

        Assert.Equal(2, _cache.Misses);
        Assert.Equal(4, _cache.Hits);
    }

    [Fact]
    public async Task A_range_of_closed_days_only_is_answered_from_the_cache_and_a_range_of_open_days_only_is_not_cached()
    {
        var owner = TestTenantContext.User(_db.TenantA);
        var closed = new UsageQuery(Today.AddDays(-40), Today.AddDays(-20), UsageGranularity.Week);
        var open = new UsageQuery(Today.AddDays(-1), Today.AddDays(1));

        for (var view = 0; view < 2; view++)
        {
            Assert.NotEqual(0m, (await CachedAgreesAsync(owner, closed)).Totals.Cost);
            await CachedAgreesAsync(owner, open);
        }

        Assert.Equal((1L, 3L), (_cache.Hits, _cache.Misses));
    }

    [Fact]
    public async Task A_late_row_for_a_closed_day_counts_at_once_and_after_the_rollup_has_absorbed_it()
    {
        var tenant = TestTenantContext.User(_db.TenantA);
        var before = (await CachedAgreesAsync(tenant, Last60Days(UsageGranularity.Week))).Totals.Cost;
        var version = await VersionAsync();

        await _db.CopyAsync([UsageTestDatabase.Row(_db.TenantA, TenDaysAgo, 1000m)]);
        Assert.Equal(before + 1000m, (await CachedAgreesAsync(tenant, Last60Days(UsageGranularity.Week))).Totals.Cost); // day pending: read raw
        await RollUpAsync();
        Assert.Equal(version + 1, await VersionAsync());
        Assert.Equal(before + 1000m, (await CachedAgreesAsync(tenant, Last60Days(UsageGranularity.Week))).Totals.Cost); // entry refilled
        var hits = _cache.Hits;
        Assert.Equal(before + 1000m, (await CachedAgreesAsync(tenant, Last60Days(UsageGranularity.Week))).Totals.Cost);
        Assert.Equal(hits + 1, _cache.Hits);
    }

    [Fact]
    public async Task A_late_row_for_a_closed_day_rolled_up_between_two_views_counts_in_the_second()
    {
        var tenant = TestTenantContext.User(_db.TenantA);
        var before = (await CachedAgreesAsync(tenant, Last60Days(UsageGranularity.Month))).Totals.Cost;

        await _db.CopyAsync([UsageTestDatabase.Row(_db.TenantA, TenDaysAgo, 1000m)]);
        await RollUpAsync();

        Assert.Equal(before + 1000m, (await CachedAgreesAsync(tenant, Last60Days(UsageGranularity.Month))).Totals.Cost);
        Assert.Equal(2, _cache.Misses); // the entry was out of date
    }

    [Fact]
    public async Task Changed_and_deleted_rows_of_closed_days_show_in_cached_views()
    {
        var admin = TestTenantContext.Admin();
        var before = await CachedAgreesAsync(admin, Last60Days(UsageGranularity.Month));

        await _db.ExecuteAsync($"UPDATE ai_usage_tracking SET cost = cost + 7 WHERE id = (SELECT min(id) FROM ai_usage_tracking WHERE created_at < '{TenDaysAgo:O}' AND created_at >= '{TenDaysAgo.AddDays(-5):O}')");
        await _db.ExecuteAsync($"DELETE FROM ai_usage_tracking WHERE id = (SELECT min(id) FROM ai_usage_tracking WHERE tenant_id = {_db.TenantB} AND created_at < '{TenDaysAgo:O}' AND created_at >= '{TenDaysAgo.AddDays(-5):O}')");
        var pending = await CachedAgreesAsync(admin, Last60Days(UsageGranularity.Month));
        await RollUpAsync();
        var settled = await CachedAgreesAsync(admin, Last60Days(UsageGranularity.Month));

        Assert.Equal(before.Totals.Requests - 1, pending.Totals.Requests);
        Assert.Equal(Fingerprint(pending), Fingerprint(settled));
    }

    [Fact]
    public async Task Rolling_up_today_keeps_the_closed_days_version_and_rolling_up_a_past_day_bumps_it()
    {
        var version = await VersionAsync();
        await _db.CopyAsync([UsageTestDatabase.Row(_db.TenantA, DateTimeOffset.UtcNow, 1m)]);
        await RollUpAsync();
        Assert.Equal(version, await VersionAsync());

        await _db.CopyAsync([UsageTestDatabase.Row(_db.TenantB, TenDaysAgo, 1m)]);
        await RollUpAsync();
        Assert.Equal(version + 1, await VersionAsync());
    }

    [Fact]
    public async Task Cached_views_show_the_current_names_of_tenants_and_integrations()
    {
        var admin = TestTenantContext.Admin();
        await CachedAgreesAsync(admin, Last60Days(UsageGranularity.Day));

        await _db.ExecuteAsync($"UPDATE tenants SET name = 'Tenant A renamed' WHERE id = {_db.TenantA}");
        await _db.ExecuteAsync($"UPDATE integrations SET integration_name = 'OpenAI A renamed' WHERE id = {_db.IntegrationA}");
        var report = await CachedAgreesAsync(admin, Last60Days(UsageGranularity.Day));

        Assert.Contains(report.Breakdown(UsageDimension.Tenant), s => s.Label == "Tenant A renamed");
        Assert.Contains(report.Breakdown(UsageDimension.Integration), s => s.Label == "OpenAI A renamed");
        Assert.Equal(1, _cache.Hits);
    }

    [Fact]
    public void The_least_recently_used_questions_go_when_the_facts_held_pass_the_limit()
    {
        var cache = new UsageFactCache(maxFacts: 10);
        var facts = Enumerable.Range(0, 4).Select(i => new UsageFact(Today.AddDays(-i - 5), 1, "T", null, null, "p", "m", "o", new UsageFigures())).ToList();
        UsageFactCache.Key Key(int n) => new("source", null, UsageGranularity.Day, Today.AddDays(-n), Today);

        cache.Store(Key(1), 1, Today.AddDays(-1), facts);
        cache.Store(Key(2), 1, Today.AddDays(-1), facts);
        Assert.True(cache.TryGet(Key(1), out _)); // 1 is now more recent than 2
        cache.Store(Key(3), 1, Today.AddDays(-1), facts);

        Assert.True(cache.TryGet(Key(1), out _));
        Assert.False(cache.TryGet(Key(2), out _));
        Assert.True(cache.TryGet(Key(3), out _));
    }
}
