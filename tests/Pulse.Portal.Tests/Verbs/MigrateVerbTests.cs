using Npgsql;
using Pulse.Core.Data.Migrations;

namespace Pulse.Portal.Tests.Verbs;

/// <summary>The <c>migrate status | up | down VERSION</c> verbs, run in process against a new empty database.</summary>
public sealed class MigrateVerbTests(CommandLineFixture cli) : IClassFixture<CommandLineFixture>
{
    [Fact]
    public async Task Status_up_and_down_report_and_change_the_schema_and_an_edited_migration_is_refused_with_exit_1()
    {
        var database = await cli.CreateEmptyDatabaseAsync();
        var all = MigrationCatalog.Embedded;
        var first = all[0];
        Task<(int Exit, string Output, string Error)> Migrate(params string[] args) =>
            cli.RunAsync([$"--ConnectionStrings:Primary={database}", "migrate", .. args]);

        var (exit, output, _) = await Migrate("status");
        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(all.Count, lines.Length);
        Assert.All(lines, l => Assert.Contains("pending", l, StringComparison.Ordinal));

        (exit, output, _) = await Migrate("up");
        Assert.Equal(0, exit);
        Assert.StartsWith($"Applied {all.Count} migration(s): {first.Id}", output, StringComparison.Ordinal);
        (exit, output, _) = await Migrate("status");
        Assert.All(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.Contains("applied 20", l, StringComparison.Ordinal));
        (_, output, _) = await Migrate("up");
        Assert.Equal("The schema is up to date.", output.Trim());

        (exit, output, _) = await Migrate("down", first.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, exit);
        Assert.StartsWith($"Rolled back {all.Count - 1} migration(s): {all[^1].Id}", output, StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync(database, "SELECT count(*) FROM schema_migrations"));
        Assert.Null(await ScalarAsync(database, "SELECT to_regclass('ai_usage_tracking')::text"));
        (_, output, _) = await Migrate("status");
        Assert.Equal(all.Count - 1, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("pending", StringComparison.Ordinal)));

        var (badExit, _, usage) = await Migrate("down", "latest");
        Assert.Equal(2, badExit);
        Assert.Contains("usage:", usage, StringComparison.Ordinal);

        await ScalarAsync(database, $"UPDATE schema_migrations SET checksum = repeat('0', 64) WHERE version = {first.Version}");
        (exit, _, var error) = await Migrate("up");
        Assert.Equal(1, exit);
        Assert.Contains($"Migration {first.Id} was edited after it was applied", error, StringComparison.Ordinal);
        (_, output, _) = await Migrate("status");
        Assert.Contains("CHECKSUM MISMATCH", output.Split('\n')[0], StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync(database, "SELECT count(*) FROM schema_migrations")); // nothing applied past the refusal
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }
}
