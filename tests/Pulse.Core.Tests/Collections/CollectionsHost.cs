using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Tenancy;
using Pulse.Core.Tests.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Testing.Postgres;
using Pulse.Testing;

namespace Pulse.Core.Tests.Collections;

/// <summary>
/// Pulse.Core's real services over a fresh migrated database and an embedded vector store in a throwaway folder,
/// with two tenants; the caller is switched with <see cref="As"/> (services resolved afterwards act as that caller).
/// </summary>
internal sealed class CollectionsHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly SwitchableTenantContext _caller;
    private readonly string _folder;
    private readonly List<IServiceScope> _scopes = [];

    private CollectionsHost(ServiceProvider provider, SwitchableTenantContext caller, string folder)
    {
        _provider = provider;
        _caller = caller;
        _folder = folder;
    }

    public int TenantA { get; private set; }
    public int TenantB { get; private set; }

    /// <summary>The raw store (no tenant checks), for arranging data.</summary>
    public IVectorStore Store => _provider.GetRequiredService<IVectorStore>();

    public static async Task<CollectionsHost> StartAsync(PostgresServerFixture postgres)
    {
        var folder = Path.Combine(Path.GetTempPath(), "pulse-collections-" + Guid.NewGuid().ToString("N"));
        var caller = new SwitchableTenantContext { Current = TestTenantContext.Admin() };
        var provider = CoreServices.Build(await postgres.CreateMigratedDatabaseAsync("coll"), caller,
            new Dictionary<string, string?> { ["Pulse:VectorStore:EmbeddedPath"] = folder });
        var host = new CollectionsHost(provider, caller, folder);
        await using var db = new PulseDbContextFactory(provider.GetRequiredService<PulseDatabase>(), TestTenantContext.Admin()).CreateDbContext();
        var a = new Tenant { Name = "Tenant A", Slug = "tenant-a" };
        var b = new Tenant { Name = "Tenant B", Slug = "tenant-b" };
        db.Tenants.AddRange(a, b);
        await db.SaveChangesAsync();
        (host.TenantA, host.TenantB) = (a.Id, b.Id);
        return host;
    }

    /// <summary>Acts as <paramref name="caller"/> from now on.</summary>
    public CollectionsHost As(ITenantContext caller)
    {
        _caller.Current = caller;
        return this;
    }

    public CollectionsHost AsOps(int tenantId) => As(TestTenantContext.User(tenantId, PulseRoles.Ops));

    public CollectionsHost AsAnalyst(int tenantId) => As(TestTenantContext.User(tenantId, PulseRoles.Analyst));

    /// <summary>A service resolved in a new scope (so it sees the current caller).</summary>
    public T Get<T>()
        where T : notnull
    {
        var scope = _provider.CreateScope();
        _scopes.Add(scope);
        return scope.ServiceProvider.GetRequiredService<T>();
    }

    public PulseDbContext AdminDb() =>
        new PulseDbContextFactory(_provider.GetRequiredService<PulseDatabase>(), TestTenantContext.Admin()).CreateDbContext();

    /// <summary>A tenant collection of 4-dimensional points with payloads {n, color, tags}.</summary>
    public async Task<string> SeedAsync(int tenantId, string logicalName, int points)
    {
        var name = CollectionNames.ForTenant(tenantId, logicalName);
        await Store.CreateCollectionAsync(name, new CollectionDefinition(4, Distance.Cosine));
        await Store.CreatePayloadIndexAsync(name, "color", PayloadFieldType.Keyword);
        string[] colors = ["red", "green", "blue"];
        await Store.UpsertAsync(name, [.. Enumerable.Range(1, points).Select(i => new VectorPoint((ulong)i, [1, i % 7, i % 3, 1],
            new JsonObject { ["n"] = i, ["color"] = colors[i % 3], ["tags"] = new JsonArray("t" + (i % 2)), ["author"] = new JsonObject { ["name"] = "a" + (i % 4) } }))]);
        return name;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var scope in _scopes)
        {
            scope.Dispose();
        }

        await _provider.DisposeAsync();
        try
        {
            TestFolders.TryDelete(_folder);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private sealed class SwitchableTenantContext : ITenantContext
    {
        public ITenantContext Current { get; set; } = null!;
        public int? TenantId => Current.TenantId;
        public string? UserId => Current.UserId;
        public IReadOnlySet<string> Roles => Current.Roles;
        public bool IsPlatformAdmin => Current.IsPlatformAdmin;
    }
}
