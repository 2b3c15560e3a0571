using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Integrations;
using Pulse.Core.Providers;
using Pulse.Core.Providers.Resilience;
using Pulse.Core.Tenancy;
using Pulse.Core.Tests.Providers.Support;
using Pulse.Testing.Postgres;
using Pulse.Testing;

namespace Pulse.Core.Tests.Integrations;

/// <summary>
/// Pulse.Core as the portal registers it (AddPulseCore) over a fresh migrated database with two tenants, a tenant
/// context the test switches, captured logs and test-sized back-offs.
/// </summary>
public sealed class IntegrationsHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private IntegrationsHost(ServiceProvider services, string connectionString, int tenantA, int tenantB)
    {
        (_services, ConnectionString, TenantA, TenantB) = (services, connectionString, tenantA, tenantB);
    }

    public string ConnectionString { get; }

    public int TenantA { get; }

    public int TenantB { get; }

    public SwitchableTenantContext Caller { get; private init; } = new();

    public CapturingLoggerProvider Logs { get; private init; } = new();

    public static async Task<IntegrationsHost> StartAsync(PostgresServerFixture postgres, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("integrations");
        var dataFolder = Path.Combine(Path.GetTempPath(), $"pulse-integrations-tests-{Guid.NewGuid():N}");
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Primary"] = connectionString,
            ["Pulse:DataFolder"] = dataFolder,
            ["Pulse:Providers:Resilience:RetryBaseDelay"] = "00:00:00.010",
            ["Pulse:Providers:Resilience:RetryMaxDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var logs = new CapturingLoggerProvider();
        var caller = new SwitchableTenantContext();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddPulseCore(configuration);
        services.AddScoped<ITenantContext>(_ => caller);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        var database = provider.GetRequiredService<PulseDatabase>();
        database.Connect(connectionString, null);
        database.SetStatus(DatabaseStatus.Ready, null);

        await using var db = new PulseDbContext(database.PrimaryOptions, SystemTenantContext.Platform);
        var a = new Tenant { Name = "Tenant A", Slug = $"a-{Guid.NewGuid():N}"[..20] };
        var b = new Tenant { Name = "Tenant B", Slug = $"b-{Guid.NewGuid():N}"[..20] };
        db.Tenants.AddRange(a, b);
        await db.SaveChangesAsync();
        var host = new IntegrationsHost(provider, connectionString, a.Id, b.Id) { Logs = logs, Caller = caller, DataFolder = dataFolder };
        host.Caller.Current = TestTenantContext.User(a.Id);
        return host;
    }

    public IServiceProvider Services => _services;

    private string DataFolder { get; init; } = "";

    /// <summary>A fresh scope's service (scoped services see the current caller).</summary>
    public T Get<T>() where T : notnull => _services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public IntegrationService Integrations => Get<IntegrationService>();

    public IEmbeddingService Embeddings => Get<IEmbeddingService>();

    public IIntegrationChainResolver Resolver => Get<IIntegrationChainResolver>();

    public CircuitBreakerRegistry Breakers => Get<CircuitBreakerRegistry>();

    /// <summary>Acts as a user of <paramref name="tenantId"/> with <paramref name="role"/>.</summary>
    public void ActAs(int tenantId, string role = PulseRoles.TenantOwner) => Caller.Current = TestTenantContext.User(tenantId, role);

    /// <summary>A platform-wide context for looking at rows directly.</summary>
    public PulseDbContext Platform() => new(_services.GetRequiredService<PulseDatabase>().PrimaryOptions, SystemTenantContext.Platform);

    /// <summary>Every text cell of a table, as PostgreSQL stores it.</summary>
    public async Task<string> DumpTableAsync(string table)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM {table} t", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public static IntegrationInput OpenAi(string name, Uri baseUrl, int dimension = 8, int? fallback = null, string model = "text-embedding-3-small") => new()
    {
        Name = name, Kind = ProviderKind.OpenAI, Subtype = ProviderSubtype.Embedding, BaseUrl = baseUrl.ToString(), Model = model,
        Dimension = dimension, FallbackIntegrationId = fallback, TimeoutSeconds = 2, MaxRetries = 0, BatchSize = 16,
        PricePer1KInputTokens = 0.02m, Currency = "USD", SecretChange = SecretChange.Replace, NewSecret = "test-key",
    };

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (DataFolder.Contains("pulse-integrations-tests-", StringComparison.Ordinal) && Directory.Exists(DataFolder))
            TestFolders.TryDelete(DataFolder);
    }
}

/// <summary>The tenant context a test sets for the calls that follow.</summary>
public sealed class SwitchableTenantContext : ITenantContext
{
    public ITenantContext Current { get; set; } = TestTenantContext.Admin();

    public int? TenantId => Current.TenantId;

    public string? UserId => Current.UserId;

    public IReadOnlySet<string> Roles => Current.Roles;

    public bool IsPlatformAdmin => Current.IsPlatformAdmin;
}
