using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Tenancy;
using Pulse.Portal.Infrastructure;
using Pulse.Testing.Postgres;

namespace Pulse.Portal.Tests.Verbs;

/// <summary>
/// One throwaway migrated database and one temporary data folder (embedded vector store) for the command-line verbs, with a
/// tenant holding a few work items. Each <see cref="RunAsync"/> builds the portal host as Program.cs does and runs one verb.
/// </summary>
public sealed class CommandLineFixture : IAsyncLifetime
{
    private readonly PostgresServerFixture _postgres = new();
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), $"pulse-cli-tests-{Guid.NewGuid():N}");

    public string ConnectionString { get; private set; } = "";
    public int TenantId { get; private set; }
    public int WorkItems => 40;

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        ConnectionString = await _postgres.CreateMigratedDatabaseAsync("cli");
        TenantId = await CreateTenantAsync("Command line tenant", WorkItems);
    }

    /// <summary>A new active tenant holding <paramref name="workItems"/> work items (ids ascending), for a test that needs its own.</summary>
    public async Task<int> CreateTenantAsync(string name, int workItems)
    {
        await using var db = new PulseDbContext(new DbContextOptionsBuilder<PulseDbContext>().UseNpgsql(ConnectionString).Options, SystemTenantContext.Platform);
        var tenant = new Tenant { Name = name, Slug = $"cli-{Guid.NewGuid():N}"[..20] };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync();
        await ExecuteAsync("""
            INSERT INTO work_items (tenant_id, key, summary, description, item_type, status, priority)
            SELECT @t, 'WI-' || i, 'work item ' || i || ' about release planning', 'Details of item ' || i, 'Story', 'To Do', 'Medium'
            FROM generate_series(1, @n) AS i
            """, ("t", tenant.Id), ("n", workItems));
        return tenant.Id;
    }

    /// <summary>A new, empty database on the same server (for verbs that change the schema).</summary>
    public Task<string> CreateEmptyDatabaseAsync() => _postgres.CreateDatabaseAsync("cli_empty");

    /// <summary>Runs the verb as <c>dotnet run --project Pulse.Portal -- ARGS</c> would, against this fixture's database and data folder.</summary>
    public async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        string[] all = [.. SettingArguments(_dataFolder), .. args];
        var builder = WebApplication.CreateBuilder(PortalContentRoot.Options(global::Pulse.Portal.Infrastructure.CommandLine.HostArguments(all)));
        builder.AddPulsePortal();
        await using var app = builder.Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await global::Pulse.Portal.Infrastructure.CommandLine.RunAsync(app, all, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The settings every verb run here gets (a later <c>--Key=value</c> overrides one of them).</summary>
    public string[] SettingArguments(string dataFolder) =>
        [$"--ConnectionStrings:Primary={ConnectionString}", $"--Pulse:DataFolder={dataFolder}", "--Pulse:Indexing:Enabled=false", "--Logging:LogLevel:Default=Warning"];

    public async Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteScalarAsync();
    }

    public Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters) => ScalarAsync(sql, parameters);

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
