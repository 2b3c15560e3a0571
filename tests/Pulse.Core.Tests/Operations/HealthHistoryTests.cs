using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Operations.Health;
using Pulse.Core.Operations.History;
using Pulse.Core.Tenancy;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Operations;

/// <summary>The sampler stores real probe results, the history graphs them by figure, and retention deletes old samples.</summary>
[Collection(PostgresCollection.Name)]
public sealed class HealthHistoryTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task One_sampling_round_stores_every_probe_row_with_its_figures()
    {
        await using var host = await OperationsTestHost.StartAsync(postgres);

        await host.Get<HealthHistorySampler>().SampleOnceAsync(default);

        await using var db = new PulseDbContext(host.Database.PrimaryOptions, SystemTenantContext.Platform);
        var samples = await db.Set<HealthSample>().ToListAsync();
        var primary = samples.Single(s => s.Component == "PostgreSQL" && s.Name == "Primary");
        Assert.Equal("green", primary.Status);
        Assert.Contains("\"latency_ms\":", primary.Figures);
        Assert.Contains(samples, s => s.Component == "Vector store");
        Assert.NotNull(host.Get<HealthMonitor>().Latest);
    }

    [Fact]
    public async Task Series_average_samples_per_bucket_and_hide_other_tenants_rows()
    {
        await using var host = await OperationsTestHost.StartAsync(postgres);
        var history = host.Get<HealthHistory>();
        var tenantA = await host.CreateTenantAsync("A");
        var tenantB = await host.CreateTenantAsync("B");
        // Whole seconds: PostgreSQL keeps microseconds, and a sample on a bucket edge must not slip into the bucket before.
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds());
        for (var i = 0; i < 4; i++)
            await history.RecordAsync(new HealthReport(start.AddMinutes(i * 30),
            [
                new("Collections", "client_a_docs", HealthStatus.Green, "ok", [new("points", "Points", 100 + i * 10)], tenantA),
                new("Collections", "client_b_docs", HealthStatus.Green, "ok", [new("points", "Points", 7)], tenantB),
                new("PostgreSQL", "Primary", HealthStatus.Green, "ok", [new("latency_ms", "Answer time", 2, "ms")]),
            ]));

        var seenByA = await history.SeriesAsync(TestTenantContext.User(tenantA, PulseRoles.Ops), start, start.AddHours(2), maxPoints: 2);

        var points = seenByA[HealthHistory.SeriesKey("Collections", "client_a_docs", "points")];
        Assert.Equal([105.0, 125.0], points.Select(p => p.Value));
        Assert.True(seenByA.ContainsKey(HealthHistory.SeriesKey("PostgreSQL", "Primary", "latency_ms")));
        Assert.False(seenByA.ContainsKey(HealthHistory.SeriesKey("Collections", "client_b_docs", "points")));
        var seenByAdmin = await history.SeriesAsync(TestTenantContext.Admin(), start, start.AddHours(2));
        Assert.True(seenByAdmin.ContainsKey(HealthHistory.SeriesKey("Collections", "client_b_docs", "points")));
    }

    [Fact]
    public async Task Retention_deletes_samples_older_than_the_cutoff_and_keeps_the_last_day()
    {
        await using var host = await OperationsTestHost.StartAsync(postgres);
        var history = host.Get<HealthHistory>();
        var now = DateTimeOffset.UtcNow;
        foreach (var age in new[] { TimeSpan.FromHours(30), TimeSpan.FromHours(27), TimeSpan.FromHours(23), TimeSpan.FromMinutes(1) })
            await history.RecordAsync(new HealthReport(now - age, [new("PostgreSQL", "Primary", HealthStatus.Green, "ok", [new("latency_ms", "Answer time", 1)])]));

        // The sampler prunes with the configured retention (26 h by default, never under a day).
        await host.Get<HealthHistorySampler>().SampleOnceAsync(default);

        await using var db = new PulseDbContext(host.Database.PrimaryOptions, SystemTenantContext.Platform);
        var ages = await db.Set<HealthSample>().Where(s => s.Component == "PostgreSQL" && s.Name == "Primary").Select(s => s.SampledAt).ToListAsync();
        Assert.Equal(3, ages.Count); // 23 h, 1 min and the new sample
        Assert.All(ages, at => Assert.True(now - at < TimeSpan.FromHours(24)));
    }
}
