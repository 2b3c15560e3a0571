using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Dashboard;
using Pulse.Core.Usage;
using Pulse.Core.Usage.Budget;
using Pulse.Core.Usage.Rollup;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Usage;

/// <summary>One definition of spend: the dashboard, the spend meter (budget guard and preferences gauge) and the usage page agree.</summary>
[Collection(PostgresCollection.Name)]
public sealed class UsageTotalsAgreementTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private UsageTestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await UsageTestDatabase.CreateAsync(postgres, "agreement");

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Dashboard_spend_meter_budget_gauge_and_usage_page_report_the_same_month_to_date_figures_before_and_after_the_rollup()
    {
        var now = DateTimeOffset.UtcNow;
        var monthStart = UsagePeriods.MonthStart(now);
        var elapsed = now - monthStart;
        var random = new Random(5);
        var rows = Enumerable.Range(0, 400).Select(i => UsageTestDatabase.Row(i % 3 == 0 ? _db.TenantB : _db.TenantA,
            monthStart + (elapsed * random.NextDouble()), random.Next(0, 100_000) / 1_000_000m, success: i % 17 != 0)).ToList();
        rows.Add(UsageTestDatabase.Row(_db.TenantA, monthStart.AddTicks(-1), 50m)); // last instant of the previous month
        await _db.CopyAsync(rows);
        var expectedA = rows.Where(r => r.TenantId == _db.TenantA && r.CreatedAt >= monthStart).Sum(r => r.Cost);

        await AssertAgreementAsync(expectedA);
        using (var scope = _db.Services(TestTenantContext.Admin()))
            await scope.ServiceProvider.GetRequiredService<UsageRollup>().RunUntilCaughtUpAsync();
        await AssertAgreementAsync(expectedA);
    }

    private async Task AssertAgreementAsync(decimal expectedA)
    {
        var now = DateTimeOffset.UtcNow;
        var thisMonth = new UsageQuery(DateOnly.FromDateTime(UsagePeriods.MonthStart(now).UtcDateTime), DateOnly.FromDateTime(UsagePeriods.NextMonthStart(now).UtcDateTime));

        using var owner = _db.Services(TestTenantContext.User(_db.TenantA));
        var dashboard = await owner.ServiceProvider.GetRequiredService<DashboardService>().GetAsync();
        var meter = await owner.ServiceProvider.GetRequiredService<ISpendMeter>().MonthToDateAsync(_db.TenantA);
        var page = await owner.ServiceProvider.GetRequiredService<IUsageAggregates>().QueryAsync(thisMonth);
        var gauge = await owner.ServiceProvider.GetRequiredService<MonthBudgetService>().CurrentMonthAsync();

        Assert.Equal(expectedA, meter);
        Assert.Equal(meter, dashboard.MonthToDateSpend);
        Assert.Equal(meter, page.Totals.Cost);
        Assert.Equal(meter, gauge!.SpendToDate);
        Assert.Equal(meter, gauge.Daily[^1].CumulativeSpend);
        Assert.Equal(dashboard.MonthToDateRequests, page.Totals.Requests);
        Assert.Equal(gauge.SpendToDate, dashboard.Budget!.SpendToDate); // (the projection moves with the clock between the two reads)
        // Today's card is the usage page's figures for today.
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var todayPage = await owner.ServiceProvider.GetRequiredService<IUsageAggregates>().QueryAsync(new UsageQuery(today, today.AddDays(1)));
        Assert.Equal(todayPage.Totals.Requests, dashboard.Today.Requests);
        Assert.Equal(todayPage.Totals.Failed, dashboard.Today.Failed);
        Assert.Equal(todayPage.Totals.Cost, dashboard.Today.Cost);
        Assert.Equal(todayPage.Totals.FallbackServed, dashboard.Today.FallbackServed);

        using var admin = _db.Services(TestTenantContext.Admin());
        var allDashboard = await admin.ServiceProvider.GetRequiredService<DashboardService>().GetAsync();
        var allPage = await admin.ServiceProvider.GetRequiredService<IUsageAggregates>().QueryAsync(thisMonth);
        Assert.Equal(allDashboard.MonthToDateSpend, allPage.Totals.Cost);
        Assert.Equal(allDashboard.MonthToDateRequests, allPage.Totals.Requests);
        Assert.Null(allDashboard.Budget); // budgets are per tenant
    }
}
