using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Data.Migrations;
using Pulse.Core.Data.Postgres;
using Pulse.Core.Indexing;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Portal.Infrastructure.Verbs;

namespace Pulse.Portal.Infrastructure;

/// <summary>
/// Command-line verbs that run instead of the web server: <c>migrate status|up|down VERSION</c>, the collection schema verbs
/// (<see cref="SchemaVerbs"/>) and the indexing verbs (<see cref="IndexingVerbs"/>).
/// Exit codes: 0 done, 1 problems found or refused, 2 the command line was not understood (130: an index job paused by Ctrl+C).
/// </summary>
public static class CommandLine
{
    public const string MigrateUsage = "migrate status | migrate up | migrate down VERSION";

    public static readonly string Usage = $"usage: Pulse.Portal {MigrateUsage} | {SchemaVerbs.Usage} | {IndexingVerbs.Usage}";

    private static readonly string[] Verbs = ["migrate", "schema", "index", "reconcile"];

    /// <summary>
    /// The arguments the host's configuration should see. For a verb, only settings written <c>--Key=value</c> or
    /// <c>Key=value</c>: the configuration would otherwise read <c>--yes FILE</c> or <c>/path/file.yaml --tenant</c> as
    /// key and value and swallow the setting after it.
    /// </summary>
    public static string[] HostArguments(string[] args)
    {
        var arguments = VerbArguments.Parse(args);
        return arguments.Positional.Count > 0 && Verbs.Contains(arguments.Positional[0]) ? [.. args.Where(a => a.Contains('='))] : args;
    }

    /// <summary>Runs a verb when the arguments name one (setting the exit code); false when the portal should start normally.</summary>
    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        var arguments = VerbArguments.Parse(args);
        if (arguments.Positional.Count == 0 || !Verbs.Contains(arguments.Positional[0])) return false;
        using var interrupt = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl+C asks the verb to stop cleanly (an index job pauses); a second one ends the process.
            e.Cancel = !interrupt.IsCancellationRequested;
            interrupt.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var confirm = Console.IsInputRedirected ? null : Console.In;
            Environment.ExitCode = await RunAsync(app, args, Console.Out, Console.Error, confirm, interactive: !Console.IsOutputRedirected, interrupt.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        return true;
    }

    /// <summary>Runs the verb named by <paramref name="args"/> and returns its exit code.</summary>
    /// <param name="app">The built (not started) portal host, whose services and settings the verbs use.</param>
    /// <param name="args">The command line.</param>
    /// <param name="output">Results and progress.</param>
    /// <param name="error">Errors and usage.</param>
    /// <param name="confirm">Where a confirmation is read from; null when nobody can answer (then <c>--yes</c> is needed).</param>
    /// <param name="interactive">True to redraw one progress line in a terminal; false to write progress lines.</param>
    /// <param name="interrupt">Ctrl+C: an index job pauses after its current batch.</param>
    public static async Task<int> RunAsync(WebApplication app, string[] args, TextWriter output, TextWriter error, TextReader? confirm = null, bool interactive = false, CancellationToken interrupt = default)
    {
        var arguments = VerbArguments.Parse(args);
        try
        {
            if (arguments.Problem is not null) throw new UsageException(arguments.Problem);
            return arguments.Positional switch
            {
                ["migrate", ..] => await RunMigrateAsync(app, [.. arguments.Positional.Skip(1)], output),
                ["schema", ..] => await SchemaVerbs.RunAsync(app, arguments, output, confirm, interrupt),
                ["index", ..] or ["reconcile", ..] => await IndexingVerbs.RunAsync(app, arguments, output, interactive, interrupt),
                _ => throw new UsageException(Usage),
            };
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return 2;
        }
        catch (Exception ex) when (ex is RefusedException or MigrationException or EmbeddedPostgresException or NpgsqlException
            or TenantAccessDeniedException or VectorStoreException or IndexingException)
        {
            await error.WriteLineAsync(ex.Message);
            return 1;
        }
    }

    private static async Task<int> RunMigrateAsync(WebApplication app, string[] args, TextWriter output)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var embedded = options.UsesEmbeddedServer ? new EmbeddedPostgresServer(options.EmbeddedClusterFolder(), app.Logger) : null;
        var connectionString = embedded is not null ? await embedded.StartAsync(options.EmbeddedDatabase) : options.Primary!;
        try
        {
            await using var source = NpgsqlDataSource.Create(connectionString);
            await RunMigrateVerbAsync(app, source, args, output);
            return 0;
        }
        finally
        {
            // Leave the cluster as found: a running portal keeps it, a one-off command does not.
            if (embedded is { StartedHere: true }) await embedded.StopAsync();
        }
    }

    private static async Task RunMigrateVerbAsync(WebApplication app, NpgsqlDataSource source, string[] args, TextWriter output)
    {
        var runner = new MigrationRunner(MigrationCatalog.Embedded, app.Services.GetRequiredService<ILogger<MigrationRunner>>());
        switch (args)
        {
            case ["status"]:
                foreach (var state in await runner.StatusAsync(source)) output.WriteLine(state);
                break;
            case ["up"]:
                var applied = await runner.ApplyAsync(source);
                output.WriteLine(applied.Count == 0 ? "The schema is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied.Select(m => m.Id))}");
                break;
            case ["down", var version] when int.TryParse(version, out var target):
                var rolledBack = await runner.RollbackToAsync(source, target);
                output.WriteLine(rolledBack.Count == 0 ? $"Nothing above version {target} is applied." : $"Rolled back {rolledBack.Count} migration(s): {string.Join(", ", rolledBack.Select(m => m.Id))}");
                break;
            default:
                throw new UsageException($"usage: Pulse.Portal {MigrateUsage}");
        }
    }
}
