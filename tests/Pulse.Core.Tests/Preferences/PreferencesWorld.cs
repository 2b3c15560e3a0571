using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Preferences;
using Pulse.Core.Tenancy;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Preferences;

/// <summary>One migrated database for a test class; each test makes its own tenant and people in it.</summary>
internal sealed class PreferencesWorld(PulseDatabase database)
{
    public PulseDatabase Database => database;

    public async Task<int> TenantAsync()
    {
        await using var db = Admin();
        var slug = "t-" + Guid.NewGuid().ToString("N")[..10];
        var tenant = new Tenant { Name = "Tenant " + slug, Slug = slug };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync();
        return tenant.Id;
    }

    /// <summary>A user of the tenant with a role, as the tenant context the service sees.</summary>
    public async Task<TestTenantContext> PersonAsync(int? tenantId, string role, string displayName)
    {
        await using var db = Admin();
        var email = $"{Guid.NewGuid():N}@test.local";
        var user = new PulseUser { UserName = email, Email = email, DisplayName = displayName, TenantId = tenantId };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return new TestTenantContext(tenantId, role == PulseRoles.PlatformAdmin, user.Id.ToString(), role);
    }

    public async Task<int> IntegrationAsync(int tenantId, string subtype, string provider = "openai", bool active = true)
    {
        await using var db = Admin();
        var integration = new Integration
        {
            TenantId = tenantId, IntegrationType = "ai_provider", IntegrationSubtype = subtype, Provider = provider,
            IntegrationName = $"{provider} {subtype} {Guid.NewGuid():N}"[..40], Active = active,
        };
        db.Integrations.Add(integration);
        await db.SaveChangesAsync();
        return integration.Id;
    }

    public async Task SpendAsync(int tenantId, decimal cost, string provider = "openai")
    {
        await using var db = Admin();
        db.AiUsage.Add(new AiUsageRecord { TenantId = tenantId, Provider = provider, Operation = "embedding", Cost = cost });
        await db.SaveChangesAsync();
    }

    public PreferencesService Service(ITenantContext who) => new(new PulseDbContextFactory(database, who), who, TimeProvider.System);

    public PulseDbContext Admin() => new PulseDbContextFactory(database, TestTenantContext.Admin()).CreateDbContext();
}
