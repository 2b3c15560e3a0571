using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Demo;
using Pulse.Core.Tenancy;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Search;

/// <summary>
/// Pulse.Core as the portal wires it, over a migrated database of its own and an embedded vector store in a
/// temp folder, seeded by the real demo seeder (two tenants, seed 003 content, the search module's content
/// collections). Each scope takes the tenant context a test chooses.
/// </summary>
internal sealed class SearchWorld : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly string _folder;

    private SearchWorld(ServiceProvider provider, string folder, string database)
    {
        (_provider, _folder, DatabaseName) = (provider, folder, database);
    }

    /// <summary>The test database's name (command counting filters on it).</summary>
    public string DatabaseName { get; }

    public int Acme { get; private set; }
    public int Globex { get; private set; }

    /// <summary>Users by e-mail, ids as the tenant context carries them.</summary>
    public Dictionary<string, (int Id, int? TenantId)> Users { get; } = [];

    /// <summary>The Application Name of the replica's connections when the world has one (<c>withReplica</c>).</summary>
    public const string ReplicaApplication = "pulse-search-replica";

    /// <param name="postgres">The server.</param>
    /// <param name="configure">Last word on the services.</param>
    /// <param name="withReplica">Configure a read replica: the same database under another Application Name, so a test can tell the reads apart.</param>
    public static async Task<SearchWorld> CreateAsync(PostgresServerFixture postgres, Action<IServiceCollection>? configure = null, bool withReplica = false)
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("search");
        var folder = Path.Combine(Path.GetTempPath(), $"pulse-search-tests-{Guid.NewGuid():N}");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Primary"] = connectionString,
            ["Pulse:DemoPassword"] = "Test-password-1234",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddPulseCore(configuration, folder);
        // Registered last, so it wins over whatever guard the modules register.
        services.AddSingleton<SwitchableBudgetGuard>();
        services.AddSingleton<Pulse.Core.Providers.IBudgetGuard>(sp => sp.GetRequiredService<SwitchableBudgetGuard>());
        services.AddScoped<TenantHolder>();
        services.AddScoped<ITenantContext>(sp => sp.GetRequiredService<TenantHolder>().Current);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        var database = provider.GetRequiredService<PulseDatabase>();
        database.Connect(connectionString,
            withReplica ? new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = ReplicaApplication }.ConnectionString : null);
        database.SetStatus(DatabaseStatus.Ready, null);

        var world = new SearchWorld(provider, folder, new NpgsqlConnectionStringBuilder(connectionString).Database!);
        await using (var scope = world.Scope(SystemTenantContext.Platform))
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
        await using (var scope = world.Scope(SystemTenantContext.Platform))
        {
            var db = scope.ServiceProvider.GetRequiredService<PulseDbContext>();
            world.Acme = await db.Tenants.Where(t => t.Slug == "acme").Select(t => t.Id).SingleAsync();
            world.Globex = await db.Tenants.Where(t => t.Slug == "globex").Select(t => t.Id).SingleAsync();
            foreach (var user in await db.Users.ToListAsync())
                world.Users[user.Email!] = (user.Id, user.TenantId);
        }

        return world;
    }

    /// <summary>A scope whose services act as <paramref name="tenant"/>.</summary>
    public AsyncServiceScope Scope(ITenantContext tenant)
    {
        var scope = _provider.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantHolder>().Current = tenant;
        return scope;
    }

    /// <summary>A signed-in user's context (the user id as the portal's claims carry it).</summary>
    public ITenantContext As(string email, string role = PulseRoles.Analyst)
    {
        var (id, tenantId) = Users[email];
        return new TestTenantContext(tenantId, role == PulseRoles.PlatformAdmin, id.ToString(System.Globalization.CultureInfo.InvariantCulture), role);
    }

    /// <summary>Adds a user to a tenant (history tests need several).</summary>
    public async Task<ITenantContext> AddUserAsync(int tenantId, string role = PulseRoles.Analyst)
    {
        await using var scope = Scope(SystemTenantContext.Platform);
        var db = scope.ServiceProvider.GetRequiredService<PulseDbContext>();
        var email = $"user-{Guid.NewGuid():N}@test.local";
        var user = new Pulse.Core.Data.Entities.PulseUser { UserName = email, Email = email, TenantId = tenantId, SecurityStamp = Guid.NewGuid().ToString() };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        Users[email] = (user.Id, tenantId);
        return As(email, role);
    }

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }

    private sealed class TenantHolder
    {
        public ITenantContext Current { get; set; } = SystemTenantContext.Platform;
    }
}
