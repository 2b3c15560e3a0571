using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Tenancy;
using Pulse.Core.Usage;
using Pulse.Core.Usage.Rollup;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Usage;

/// <summary>
/// Aggregates against hand-computed figures (zero-price, failed and fallback calls, UTC day/week/month boundaries),
/// read the same before the rollup has run (pending days from raw rows) and after (rollup rows).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class UsageAggregatesTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private static readonly DateOnly Jan31 = new(2025, 1, 31), Feb1 = new(2025, 2, 1), Feb4 = new(2025, 2, 4);
    private UsageTestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await UsageTestDatabase.CreateAsync(postgres, "aggregates");
        var a = _db.TenantA;
        static DateTimeOffset At(int month, int day, int hour, int minute, int second = 0, int ms = 0) => new(2025, month, day, hour, minute, second, ms, TimeSpan.Zero);
        await _db.CopyAsync(
        [
            UsageTestDatabase.Row(a, At(1, 31, 23, 59, 59, 999), 1.00m, latencyMs: 100),
            UsageTestDatabase.Row(a, At(2, 1, 0, 0), 0.50m, provider: "azure_openai", model: "gpt-4o", operation: "analysis", latencyMs: 2000, input: 1000, output: 200),
            UsageTestDatabase.Row(a, At(2, 1, 10, 0), 0m, provider: "sentence_transformers", model: "all-MiniLM-L6-v2", latencyMs: 30),
            UsageTestDatabase.Row(a, At(2, 1, 10, 1), 0m, success: false, latencyMs: 30_000, input: 0),
            UsageTestDatabase.Row(a, At(2, 1, 10, 2), 0.25m, model: "gpt-4o-mini", operation: "analysis", fallback: true, latencyMs: 400, integration: _db.IntegrationA),
            UsageTestDatabase.Row(a, At(2, 3, 12, 0), 2.00m, latencyMs: 120),
            UsageTestDatabase.Row(_db.TenantB, At(2, 1, 12, 0), 100m, integration: _db.IntegrationB),
        ]);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<UsageReport> QueryAsync(ITenantContext tenant, UsageQuery query)
    {
        using var scope = _db.Services(tenant);
        return await scope.ServiceProvider.GetRequiredService<IUsageAggregates>().QueryAsync(query);
    }

    private async Task RollUpAsync()
    {
        using var scope = _db.Services(TestTenantContext.Admin());
        await scope.ServiceProvider.GetRequiredService<UsageRollup>().RunUntilCaughtUpAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Totals_match_hand_computed_figures_including_zero_price_failed_and_fallback_calls(bool rolledUp)
    {
        if (rolledUp) await RollUpAsync();
        var report = await QueryAsync(TestTenantContext.User(_db.TenantA), new UsageQuery(Jan31, Feb4));

        var t = report.Totals;
        Assert.Equal((6L, 5L, 1L, 1L), (t.Requests, t.Succeeded, t.Failed, t.FallbackServed));
        Assert.Equal(4L, t.ServedByPrimary);
        Assert.Equal(3.75m, t.Cost);
        Assert.Equal(0.625m, t.AverageCostPerRequest);
        Assert.Equal((1400L, 200L, 1600L), (t.InputTokens, t.OutputTokens, t.TotalTokens));
        Assert.InRange(t.P50LatencyMs!.Value, 100, 150); // true median 110 ms, inside the 100-150 ms bucket
        Assert.Equal(10_000, t.P95LatencyMs); // the 30 s timeout: "10 s or more"
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Days_weeks_and_months_split_at_utc_midnight_monday_and_the_first_of_the_month(bool rolledUp)
    {
        if (rolledUp) await RollUpAsync();
        var tenant = TestTenantContext.User(_db.TenantA);

        var days = await QueryAsync(tenant, new UsageQuery(Jan31, Feb4, UsageGranularity.Day));
        Assert.Equal([1.00m, 0.75m, 0m, 2.00m], days.ByPeriod().Select(p => p.Figures.Cost));
        Assert.Equal([Jan31, Feb1, new DateOnly(2025, 2, 2), new DateOnly(2025, 2, 3)], days.Periods);

        var weeks = await QueryAsync(tenant, new UsageQuery(Jan31, Feb4, UsageGranularity.Week));
        Assert.Equal([(new DateOnly(2025, 1, 27), 1.75m), (new DateOnly(2025, 2, 3), 2.00m)], weeks.ByPeriod().Select(p => (p.Period!.Value, p.Figures.Cost)));

        var months = await QueryAsync(tenant, new UsageQuery(Jan31, Feb4, UsageGranularity.Month));
        Assert.Equal([(new DateOnly(2025, 1, 1), 1.00m), (Feb1, 2.75m)], months.ByPeriod().Select(p => (p.Period!.Value, p.Figures.Cost)));

        var feb1Only = await QueryAsync(tenant, new UsageQuery(Feb1, Feb1.AddDays(1)));
        Assert.Equal((4L, 0.75m), (feb1Only.Totals.Requests, feb1Only.Totals.Cost));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Breakdowns_by_provider_model_operation_and_integration_add_up_to_the_totals(bool rolledUp)
    {
        if (rolledUp) await RollUpAsync();
        var report = await QueryAsync(TestTenantContext.User(_db.TenantA), new UsageQuery(Jan31, Feb4));

        Assert.Equal([("openai", 4L, 3.25m), ("azure_openai", 1L, 0.50m), ("sentence_transformers", 1L, 0m)],
            report.Breakdown(UsageDimension.Provider).Select(s => (s.Label, s.Figures.Requests, s.Figures.Cost)));
        Assert.Equal([("Embedding", 4L, 3.00m), ("Analysis", 2L, 0.75m)],
            report.Breakdown(UsageDimension.Operation).Select(s => (s.Label, s.Figures.Requests, s.Figures.Cost)));
        Assert.Equal([("No integration recorded", 3.50m), ("OpenAI A", 0.25m)],
            report.Breakdown(UsageDimension.Integration).Select(s => (s.Label, s.Figures.Cost)));
        Assert.Equal(["text-embedding-3-small", "gpt-4o", "gpt-4o-mini", "all-MiniLM-L6-v2"],
            report.Breakdown(UsageDimension.Model).Select(s => s.Label));
        foreach (var dimension in Enum.GetValues<UsageDimension>())
        {
            Assert.Equal(report.Totals.Cost, report.Breakdown(dimension).Sum(s => s.Figures.Cost));
            Assert.Equal(report.Totals.Requests, report.Series(dimension).Sum(s => s.Figures.Requests));
        }
    }

    [Fact]
    public async Task A_tenant_user_sees_only_their_tenant_and_is_refused_another_tenants_figures()
    {
        var owner = TestTenantContext.User(_db.TenantA);
        var report = await QueryAsync(owner, new UsageQuery(Jan31, Feb4));
        Assert.Equal(3.75m, report.Totals.Cost);
        Assert.All(report.Facts, f => Assert.Equal(_db.TenantA, f.TenantId));
        Assert.DoesNotContain(report.Breakdown(UsageDimension.Integration), s => s.Label == "OpenAI B");

        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => QueryAsync(owner, new UsageQuery(Jan31, Feb4, TenantId: _db.TenantB)));
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => QueryAsync(new TestTenantContext(null), new UsageQuery(Jan31, Feb4)));
    }

    [Fact]
    public async Task A_platform_admin_sees_every_tenant_broken_down_by_tenant_or_the_one_selected()
    {
        await RollUpAsync();
        var all = await QueryAsync(TestTenantContext.Admin(), new UsageQuery(Jan31, Feb4));
        Assert.Equal(103.75m, all.Totals.Cost);
        Assert.Equal([("Tenant B", 100m), ("Tenant A", 3.75m)], all.Breakdown(UsageDimension.Tenant).Select(s => (s.Label, s.Figures.Cost)));

        Assert.Equal(100m, (await QueryAsync(TestTenantContext.Admin(_db.TenantB), new UsageQuery(Jan31, Feb4))).Totals.Cost);
        Assert.Equal(3.75m, (await QueryAsync(TestTenantContext.Admin(), new UsageQuery(Jan31, Feb4, TenantId: _db.TenantA))).Totals.Cost);
    }

    [Fact]
    public async Task A_range_that_ends_before_it_starts_is_refused_with_a_clear_message()
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => QueryAsync(TestTenantContext.User(_db.TenantA), new UsageQuery(Feb4, Jan31)));
        Assert.Contains("end of the range", error.Message);
    }
}
