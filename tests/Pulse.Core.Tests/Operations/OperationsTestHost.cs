using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Tenancy;
using Pulse.Core.Tests.Tenancy;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Operations;

/// <summary>Pulse.Core's real registration over a fresh migrated database and a data folder of its own; the sampler stays off.</summary>
internal sealed class OperationsTestHost : IAsyncDisposable
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), $"pulse-ops-tests-{Guid.NewGuid():N}");

    private OperationsTestHost(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; private set; }

    public static async Task<OperationsTestHost> StartAsync(PostgresServerFixture postgres, ITenantContext? tenant = null, Dictionary<string, string?>? settings = null)
    {
        var connection = await postgres.CreateMigratedDatabaseAsync("ops");
        var host = new OperationsTestHost(null!);
        var values = new Dictionary<string, string?>
        {
            ["Pulse:DataFolder"] = host._dataFolder,
            ["Pulse:Operations:SamplerEnabled"] = "false",
        };
        foreach (var (key, value) in settings ?? []) values[key] = value;
        host.Services = CoreServices.Build(connection, tenant ?? TestTenantContext.Admin(), values);
        return host;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public PulseDatabase Database => Get<PulseDatabase>();

    /// <summary>A new tenant with a unique slug; returns its id.</summary>
    public async Task<int> CreateTenantAsync(string name)
    {
        await using var db = new PulseDbContext(Database.PrimaryOptions, SystemTenantContext.Platform);
        var tenant = new Tenant { Name = name, Slug = $"t-{Guid.NewGuid():N}"[..20] };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync();
        return tenant.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        try { Directory.Delete(_dataFolder, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }
}
