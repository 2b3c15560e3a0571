using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pulse.Core.Data.Entities;
using Pulse.Core.Tests.Tenancy;
using Pulse.Core.Usage.Demo;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Usage;

/// <summary>A migrated database with two tenants (A, B), one integration each, and helpers to write usage rows.</summary>
internal sealed class UsageTestDatabase : IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    public string ConnectionString { get; private init; } = "";
    public NpgsqlDataSource Source { get; private init; } = null!;
    public int TenantA { get; private set; }
    public int TenantB { get; private set; }
    public int IntegrationA { get; private set; }
    public int IntegrationB { get; private set; }

    public static async Task<UsageTestDatabase> CreateAsync(PostgresServerFixture postgres, string prefix)
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync(prefix);
        var db = new UsageTestDatabase { ConnectionString = connectionString, Source = NpgsqlDataSource.Create(connectionString) };
        db.TenantA = await db.ScalarAsync<int>("INSERT INTO tenants (name, slug) VALUES ('Tenant A', 'tenant-a') RETURNING id");
        db.TenantB = await db.ScalarAsync<int>("INSERT INTO tenants (name, slug) VALUES ('Tenant B', 'tenant-b') RETURNING id");
        db.IntegrationA = await db.ScalarAsync<int>($"INSERT INTO integrations (tenant_id, integration_type, integration_subtype, provider, integration_name) VALUES ({db.TenantA}, 'ai_provider', 'embedding', 'openai', 'OpenAI A') RETURNING id");
        db.IntegrationB = await db.ScalarAsync<int>($"INSERT INTO integrations (tenant_id, integration_type, integration_subtype, provider, integration_name) VALUES ({db.TenantB}, 'ai_provider', 'embedding', 'openai', 'OpenAI B') RETURNING id");
        return db;
    }

    /// <summary>Pulse.Core's real services over this database, as <paramref name="tenant"/>.</summary>
    public IServiceScope Services(Pulse.Core.Tenancy.ITenantContext tenant)
    {
        var provider = CoreServices.Build(ConnectionString, tenant);
        _providers.Add(provider);
        return provider.CreateScope();
    }

    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Source.CreateCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = Source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async Task CopyAsync(IEnumerable<AiUsageRecord> rows)
    {
        await using var connection = await Source.OpenConnectionAsync();
        await UsageRowCopier.CopyAsync(connection, rows);
    }

    /// <summary>One usage row, written with a plain INSERT.</summary>
    public static AiUsageRecord Row(int tenant, DateTimeOffset at, decimal cost, string provider = "openai", string model = "text-embedding-3-small",
        string operation = "embedding", bool success = true, bool fallback = false, int latencyMs = 100, int input = 100, int output = 0, int? integration = null) =>
        new()
        {
            TenantId = tenant, CreatedAt = at, Cost = cost, Provider = provider, ModelName = model, Operation = operation, Success = success,
            FallbackUsed = fallback, LatencyMs = latencyMs, InputTokens = input, OutputTokens = output, TotalTokens = input + output,
            IntegrationId = integration, ErrorCategory = success ? null : "timeout",
        };

    /// <summary>The rollup table against a GROUP BY of the raw rows: every differing key and figure (empty when they agree).</summary>
    public async Task<List<string>> RollupDifferencesAsync()
    {
        var columns = string.Join(", ", Pulse.Core.Usage.UsageSql.FigureColumns);
        var sql = $"""
            WITH raw AS ({Pulse.Core.Usage.UsageSql.RawDaysSelect("(SELECT DISTINCT tenant_id, (created_at AT TIME ZONE 'UTC')::date AS day FROM ai_usage_tracking) k")}),
            rolled AS (SELECT {Pulse.Core.Usage.UsageSql.KeyColumns}, {columns} FROM ai_usage_daily)
            SELECT 'missing from rollup: ' || row_to_json(x)::text FROM (SELECT * FROM raw EXCEPT ALL SELECT * FROM rolled) x
            UNION ALL
            SELECT 'extra in rollup: ' || row_to_json(y)::text FROM (SELECT * FROM rolled EXCEPT ALL SELECT * FROM raw) y
            """;
        var differences = new List<string>();
        await using var command = Source.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) differences.Add(reader.GetString(0));
        return differences;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers) await provider.DisposeAsync();
        await Source.DisposeAsync();
    }
}
