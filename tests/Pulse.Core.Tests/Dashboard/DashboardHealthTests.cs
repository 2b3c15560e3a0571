using Pulse.Core.Dashboard;
using Pulse.Core.Operations.Health;
using Pulse.Core.Operations.Probes;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Dashboard;

/// <summary>The dashboard's health cards show the tenant in scope and never another tenant's collections or integrations.</summary>
public sealed class DashboardHealthTests
{
    private const string Collections = CollectionHealthSource.ComponentName;
    private const string Integrations = IntegrationHealthSource.ComponentName;

    private static readonly HealthReport Report = new(DateTimeOffset.Parse("2026-12-03T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
    [
        new HealthRow(Collections, "client_1_content", HealthStatus.Green, "Green.", [], 1),
        new HealthRow(Collections, "client_1_archive", HealthStatus.Yellow, "Yellow: optimizing.", [], 1),
        new HealthRow(Collections, "client_2_content", HealthStatus.Red, "Red: failed.", [], 2),
        new HealthRow(Collections, "Probe", HealthStatus.Red, "The Collections probe failed: timeout.", []),
        new HealthRow(Integrations, "Acme · OpenAI", HealthStatus.Green, "Breaker closed.", [], 1),
        new HealthRow(Integrations, "Globex · Gateway", HealthStatus.Yellow, "Half-open.", [], 2),
        new HealthRow(PostgresHealthSource.ComponentName, "Primary", HealthStatus.Green, "Reachable.", []),
    ]);

    [Fact]
    public void A_tenant_user_sees_their_own_tenants_rows_and_platform_wide_rows_only()
    {
        var view = DashboardHealth.From(Report, TestTenantContext.User(1, Pulse.Core.Tenancy.PulseRoles.Analyst));

        Assert.Equal(["Probe", "client_1_archive", "client_1_content"], view.Collections.Rows.Select(r => r.Name));
        Assert.Equal(HealthStatus.Red, view.Collections.Worst);
        Assert.Equal(1, view.Collections.Count(HealthStatus.Yellow));
        Assert.Equal(["Probe", "client_1_archive"], view.Collections.NeedingAttention.Select(r => r.Name));
        Assert.Equal(["Acme · OpenAI"], view.Integrations.Rows.Select(r => r.Name));
        Assert.DoesNotContain(view.Collections.Rows.Concat(view.Integrations.Rows), r => r.TenantId == 2);
    }

    [Fact]
    public void A_platform_admin_sees_every_tenant_without_a_tenant_picked_and_only_the_picked_one_with()
    {
        var all = DashboardHealth.From(Report, TestTenantContext.Admin());
        var globex = DashboardHealth.From(Report, TestTenantContext.Admin(2));

        Assert.Equal(4, all.Collections.Rows.Count);
        Assert.Equal(2, all.Integrations.Rows.Count);
        Assert.Equal(["client_2_content", "Probe"], globex.Collections.Rows.Select(r => r.Name));
        Assert.Equal(["Globex · Gateway"], globex.Integrations.Rows.Select(r => r.Name));
    }

    [Fact]
    public void A_sources_placeholder_row_is_no_thing_but_the_reason_the_card_is_empty()
    {
        var report = new HealthReport(Report.CheckedAt,
        [
            new HealthRow(Collections, "No collections", HealthStatus.Grey, "The vector store has no collections yet.", []) { IsPlaceholder = true },
        ]);

        var view = DashboardHealth.From(report, TestTenantContext.User(1));

        Assert.Empty(view.Collections.Rows);
        Assert.Equal("The vector store has no collections yet.", view.Collections.EmptyReason);
        Assert.Empty(view.Integrations.Rows);
        Assert.Null(view.Integrations.EmptyReason);
    }
}
