using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Tenancy;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Tenancy;

[Collection(PostgresCollection.Name)]
public sealed class AdminBootstrapperTests(PostgresServerFixture postgres)
{
    private const string Email = "root@pulse.example";
    private const string Password = "Bootstrap-password-2026";

    private static Dictionary<string, string?> Bootstrap(string? email = Email, string? password = Password) => new()
    {
        ["Pulse:Bootstrap:AdminEmail"] = email,
        ["Pulse:Bootstrap:AdminPassword"] = password,
    };

    [Fact]
    public async Task The_configured_admin_is_created_once_as_a_platform_admin_without_a_tenant()
    {
        await using var provider = CoreServices.Build(await postgres.CreateMigratedDatabaseAsync("boot"), TestTenantContext.Admin(), Bootstrap());
        using var scope = provider.CreateScope();
        var bootstrapper = scope.ServiceProvider.GetRequiredService<AdminBootstrapper>();

        Assert.True(await bootstrapper.EnsureAdminAsync());
        Assert.False(await bootstrapper.EnsureAdminAsync());

        var users = scope.ServiceProvider.GetRequiredService<UserManager<PulseUser>>();
        var admin = (await users.FindByEmailAsync(Email))!;
        Assert.Null(admin.TenantId);
        Assert.True(admin.EmailConfirmed);
        Assert.True(await users.CheckPasswordAsync(admin, Password));
        Assert.Equal([PulseRoles.PlatformAdmin], await users.GetRolesAsync(admin));
        var listed = await scope.ServiceProvider.GetRequiredService<UserAdministration>().ListAsync();
        Assert.Equal(Email, Assert.Single(listed).Email);

        await using var db = scope.ServiceProvider.GetRequiredService<IPulseDbContextFactory>().CreateReadOnlyDbContext();
        var audit = await db.AuditLog.IgnoreQueryFilters().SingleAsync(a => a.Action == "user.bootstrapped");
        Assert.Equal(Email, audit.Target);
        Assert.DoesNotContain(Password, audit.Details);
    }

    [Fact]
    public async Task An_existing_user_with_that_email_keeps_their_password_and_role()
    {
        await using var provider = CoreServices.Build(await postgres.CreateMigratedDatabaseAsync("bootexisting"), TestTenantContext.Admin(), Bootstrap());
        using var scope = provider.CreateScope();
        var tenant = await scope.ServiceProvider.GetRequiredService<TenantDirectory>().CreateAsync("Initech", "initech");
        await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync(Email, null, PulseRoles.Analyst, tenant.Id, "Original-password-1");

        Assert.False(await scope.ServiceProvider.GetRequiredService<AdminBootstrapper>().EnsureAdminAsync());

        var users = scope.ServiceProvider.GetRequiredService<UserManager<PulseUser>>();
        var user = (await users.FindByEmailAsync(Email))!;
        Assert.True(await users.CheckPasswordAsync(user, "Original-password-1"));
        Assert.Equal([PulseRoles.Analyst], await users.GetRolesAsync(user));
    }

    [Fact]
    public async Task Nothing_happens_without_an_email_and_a_weak_or_missing_password_is_refused_without_echoing_it()
    {
        var database = await postgres.CreateMigratedDatabaseAsync("bootbad");
        await using (var unconfigured = CoreServices.Build(database, TestTenantContext.Admin()))
        {
            using var scope = unconfigured.CreateScope();
            Assert.False(await scope.ServiceProvider.GetRequiredService<AdminBootstrapper>().EnsureAdminAsync());
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<UserAdministration>().ListAsync());
        }
        await using (var weak = CoreServices.Build(database, TestTenantContext.Admin(), Bootstrap(password: "short-pw")))
        {
            using var scope = weak.CreateScope();
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<AdminBootstrapper>().EnsureAdminAsync());
            Assert.Contains("at least 10 characters", error.Message);
            Assert.DoesNotContain("short-pw", error.Message);
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<UserAdministration>().ListAsync());
        }
        await using (var missing = CoreServices.Build(database, TestTenantContext.Admin(), Bootstrap(password: "")))
        {
            using var scope = missing.CreateScope();
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<AdminBootstrapper>().EnsureAdminAsync());
            Assert.Contains("AdminPassword is empty", error.Message);
        }
    }

    [Fact]
    public async Task Start_up_against_a_configured_primary_migrates_and_creates_the_admin_without_demo_data()
    {
        var connectionString = await postgres.CreateDatabaseAsync("bootstartup");
        var values = Bootstrap();
        values["ConnectionStrings:Primary"] = connectionString;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostApplicationLifetime, ApplicationLifetime>();
        services.AddPulseCore(configuration);
        services.AddScoped<ITenantContext>(_ => TestTenantContext.Admin());
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        var startup = provider.GetServices<IHostedService>().OfType<DatabaseStartupService>().Single();
        await startup.StartAsync(CancellationToken.None);
        try
        {
            var database = provider.GetRequiredService<PulseDatabase>();
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (database.Status is DatabaseStatus.Starting or DatabaseStatus.Unavailable && DateTime.UtcNow < deadline)
                await Task.Delay(100);
            Assert.True(database.Status == DatabaseStatus.Ready, database.StatusMessage);

            using var scope = provider.CreateScope();
            var users = await scope.ServiceProvider.GetRequiredService<UserAdministration>().ListAsync();
            var admin = Assert.Single(users);
            Assert.Equal(Email, admin.Email);
            Assert.Equal(PulseRoles.PlatformAdmin, admin.Role);
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<TenantDirectory>().ListAsync());
        }
        finally
        {
            await startup.StopAsync(CancellationToken.None);
        }
    }
}
