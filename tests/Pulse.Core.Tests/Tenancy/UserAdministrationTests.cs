using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Data.Entities;
using Pulse.Core.Demo;
using Pulse.Core.Tenancy;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Tenancy;

[Collection(PostgresCollection.Name)]
public sealed class UserAdministrationTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task The_demo_seed_is_idempotent_and_binds_each_user_to_their_tenant()
    {
        await using var provider = CoreServices.Build(await postgres.CreateMigratedDatabaseAsync("seed"), TestTenantContext.Admin());
        using var scope = provider.CreateScope();
        var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
        await seeder.SeedAsync();
        await seeder.SeedAsync();

        var users = await scope.ServiceProvider.GetRequiredService<UserAdministration>().ListAsync();
        var tenants = await scope.ServiceProvider.GetRequiredService<TenantDirectory>().ListAsync();
        Assert.Equal(["Acme Analytics", "Globex Engineering"], tenants.Select(t => t.Name));
        Assert.Equal(5, users.Count);
        Assert.Equal("Acme Analytics", users.Single(u => u.Email == "analyst@acme.test").TenantName);
        Assert.Equal(PulseRoles.Analyst, users.Single(u => u.Email == "analyst@acme.test").Role);
        Assert.Null(users.Single(u => u.Email == "admin@pulse.local").TenantId);
        Assert.Equal(PulseRoles.PlatformAdmin, users.Single(u => u.Email == "admin@pulse.local").Role);

        // Seed 003's sample data, once per tenant however often the seed runs: the six religion leaves and the eight
        // content rows (3 Baptist doctrine, 2 Catholic theology, 2 Sunni beliefs, 1 Theravada teaching).
        var database = scope.ServiceProvider.GetRequiredService<Pulse.Core.Data.PulseDatabase>();
        foreach (var tenant in tenants)
        {
            Assert.Equal(
                ["Buddhism/Theravada/Teachings", "Christianity/Catholic/Theology", "Christianity/Protestant-Baptist/Doctrines",
                 "Christianity/Protestant-Baptist/Practices", "Islam/Sunni/Beliefs", "Judaism/Orthodox/Traditions"],
                await ListAsync(database, "SELECT branch || '/' || limb || '/' || leaf FROM religion_hierarchy WHERE tenant_id = @t ORDER BY 1", tenant.Id));
            Assert.Equal(
                ["Catholic/Theology:2", "Protestant-Baptist/Doctrines:3", "Sunni/Beliefs:2", "Theravada/Teachings:1"],
                await ListAsync(database, """
                    SELECT h.limb || '/' || h.leaf || ':' || count(*) FROM content_metadata c JOIN religion_hierarchy h ON h.id = c.leaf_id
                    WHERE c.tenant_id = @t AND c.hierarchy_table = 'religion_hierarchy' GROUP BY h.limb, h.leaf ORDER BY 1
                    """, tenant.Id));
            Assert.Equal(["2"], await ListAsync(database,
                "SELECT max(chunk_number)::text FROM content_metadata WHERE tenant_id = @t AND title = 'Believer''s Baptism and Salvation'", tenant.Id));
        }
    }

    private static async Task<List<string>> ListAsync(Pulse.Core.Data.PulseDatabase database, string sql, int tenantId)
    {
        await using var command = database.Primary.CreateCommand(sql);
        command.Parameters.AddWithValue("t", tenantId);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }

    [Fact]
    public async Task A_platform_admin_creates_a_user_resets_the_password_and_locks_them_out()
    {
        await using var provider = CoreServices.Build(await postgres.CreateMigratedDatabaseAsync("users"), TestTenantContext.Admin());
        using var scope = provider.CreateScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var tenant = await scope.ServiceProvider.GetRequiredService<TenantDirectory>().CreateAsync("Umbrella", "umbrella");

        var created = await admin.CreateAsync("new.analyst@umbrella.test", "New Analyst", PulseRoles.Analyst, tenant.Id, "First-password-1");
        await admin.ResetPasswordAsync(created.Id, "Second-password-2");
        await admin.SetLockedAsync(created.Id, locked: true);

        var users = scope.ServiceProvider.GetRequiredService<UserManager<PulseUser>>();
        var user = (await users.FindByEmailAsync("new.analyst@umbrella.test"))!;
        Assert.True(await users.CheckPasswordAsync(user, "Second-password-2"));
        Assert.True(await users.IsLockedOutAsync(user));
        Assert.True((await admin.ListAsync()).Single(u => u.Id == created.Id).LockedOut);

        await admin.SetLockedAsync(created.Id, locked: false);
        Assert.False((await admin.ListAsync()).Single(u => u.Id == created.Id).LockedOut);
    }

    [Theory]
    [InlineData(PulseRoles.Analyst, false, "Choose the tenant")]
    [InlineData(PulseRoles.PlatformAdmin, true, "belong to no tenant")]
    [InlineData("superuser", true, "is not a role")]
    public async Task A_user_with_a_role_that_does_not_fit_the_tenant_is_refused_with_a_message(string role, bool withTenant, string message)
    {
        await using var provider = CoreServices.Build(await postgres.CreateMigratedDatabaseAsync("badusers"), TestTenantContext.Admin());
        using var scope = provider.CreateScope();
        var tenant = await scope.ServiceProvider.GetRequiredService<TenantDirectory>().CreateAsync("Hooli", "hooli");
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            admin.CreateAsync("x@hooli.test", null, role, withTenant ? tenant.Id : null, "Good-password-1"));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task A_weak_password_is_refused_with_identitys_reasons()
    {
        await using var provider = CoreServices.Build(await postgres.CreateMigratedDatabaseAsync("weak"), TestTenantContext.Admin());
        using var scope = provider.CreateScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => admin.CreateAsync("p@pulse.local", null, PulseRoles.PlatformAdmin, null, "short"));
        Assert.Contains("at least 10 characters", error.Message);
    }

    [Fact]
    public async Task Only_platform_admins_manage_users()
    {
        await using var provider = CoreServices.Build(await postgres.CreateMigratedDatabaseAsync("notadmin"), TestTenantContext.User(1, PulseRoles.TenantOwner));
        using var scope = provider.CreateScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();

        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => admin.ListAsync());
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => admin.CreateAsync("a@b.test", null, PulseRoles.Analyst, 1, "Good-password-1"));
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => admin.SetLockedAsync(1, true));
    }
}
