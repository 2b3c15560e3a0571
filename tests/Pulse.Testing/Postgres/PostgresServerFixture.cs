using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pulse.Core.Data.Migrations;
using Pulse.Core.Data.Postgres;
using Xunit;

namespace Pulse.Testing.Postgres;

/// <summary>
/// One real PostgreSQL server for a test assembly: a throwaway cluster started with the same mechanism
/// as the portal's embedded default, or the server named by <c>PULSE_TEST_POSTGRES</c> when set.
/// Tests get their own databases from it, so they never share rows.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    /// <summary>A connection string to an existing server to use instead of a throwaway cluster.</summary>
    public const string EnvironmentVariable = "PULSE_TEST_POSTGRES";

    private EmbeddedPostgresServer? _server;
    private string? _clusterRoot;
    private string _adminConnectionString = "";
    private readonly SemaphoreSlim _templateLock = new(1, 1);
    private string? _templateName;

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            _adminConnectionString = external;
            return;
        }
        _clusterRoot = Path.Combine(Path.GetTempPath(), $"pulse-test-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_clusterRoot);
        _server = new EmbeddedPostgresServer(Path.Combine(_clusterRoot, "cluster"), NullLogger.Instance);
        _adminConnectionString = await _server.StartAsync("postgres");
    }

    /// <summary>A new empty database; its name starts with <paramref name="prefix"/>.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "t", string? template = null)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        var sql = template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"";
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>A new database with every migration applied (copied from a template migrated once).</summary>
    public async Task<string> CreateMigratedDatabaseAsync(string prefix = "m")
    {
        await _templateLock.WaitAsync();
        try
        {
            if (_templateName is null)
            {
                var templateConnection = await CreateDatabaseAsync("template_migrated");
                await using (var source = NpgsqlDataSource.Create(templateConnection))
                    await new MigrationRunner(MigrationCatalog.Embedded, NullLogger<MigrationRunner>.Instance).ApplyAsync(source);
                NpgsqlConnection.ClearAllPools();
                _templateName = new NpgsqlConnectionStringBuilder(templateConnection).Database;
            }
        }
        finally
        {
            _templateLock.Release();
        }
        return await CreateDatabaseAsync(prefix, _templateName);
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_server is not null) await _server.StopAsync();
        TestFolders.TryDelete(_clusterRoot);
    }
}
