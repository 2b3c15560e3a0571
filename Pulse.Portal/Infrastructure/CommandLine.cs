using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Data.Migrations;
using Pulse.Core.Data.Postgres;

namespace Pulse.Portal.Infrastructure;

/// <summary>
/// Command-line verbs that run instead of the web server:
/// <c>migrate status</c>, <c>migrate up</c>, <c>migrate down VERSION</c>.
/// </summary>
public static class CommandLine
{
    public const string Usage = "usage: Pulse.Portal migrate status | migrate up | migrate down VERSION";

    /// <summary>Runs a verb when the arguments name one; false when the portal should start normally.</summary>
    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        var verbs = args.Where(a => !a.StartsWith('-') && !a.Contains('=')).ToArray();
        if (verbs.Length == 0 || verbs[0] != "migrate") return false;
        try
        {
            await RunMigrateAsync(app, verbs.Skip(1).ToArray());
        }
        catch (Exception ex) when (ex is MigrationException or EmbeddedPostgresException or NpgsqlException or ArgumentException)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            Environment.ExitCode = 1;
        }
        return true;
    }

    private static async Task RunMigrateAsync(WebApplication app, string[] args)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var embedded = options.UsesEmbeddedServer ? new EmbeddedPostgresServer(options.EmbeddedClusterFolder(), app.Logger) : null;
        var connectionString = embedded is not null ? await embedded.StartAsync(options.EmbeddedDatabase) : options.Primary!;
        try
        {
            await using var source = NpgsqlDataSource.Create(connectionString);
            await RunVerbAsync(app, source, args);
        }
        finally
        {
            // Leave the cluster as found: a running portal keeps it, a one-off command does not.
            if (embedded is { StartedHere: true }) await embedded.StopAsync();
        }
    }

    private static async Task RunVerbAsync(WebApplication app, NpgsqlDataSource source, string[] args)
    {
        var runner = new MigrationRunner(MigrationCatalog.Embedded, app.Services.GetRequiredService<ILogger<MigrationRunner>>());
        switch (args)
        {
            case ["status"]:
                foreach (var state in await runner.StatusAsync(source)) Console.WriteLine(state);
                break;
            case ["up"]:
                var applied = await runner.ApplyAsync(source);
                Console.WriteLine(applied.Count == 0 ? "The schema is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied.Select(m => m.Id))}");
                break;
            case ["down", var version] when int.TryParse(version, out var target):
                var rolledBack = await runner.RollbackToAsync(source, target);
                Console.WriteLine(rolledBack.Count == 0 ? $"Nothing above version {target} is applied." : $"Rolled back {rolledBack.Count} migration(s): {string.Join(", ", rolledBack.Select(m => m.Id))}");
                break;
            default:
                throw new ArgumentException(Usage);
        }
    }
}
