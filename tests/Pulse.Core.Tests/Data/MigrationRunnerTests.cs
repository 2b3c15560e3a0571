using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pulse.Core.Data.Migrations;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Data;

[Collection(PostgresCollection.Name)]
public sealed class MigrationRunnerTests(PostgresServerFixture postgres)
{
    private static MigrationRunner Runner(IReadOnlyList<Migration>? migrations = null) =>
        new(migrations ?? MigrationCatalog.Embedded, NullLogger<MigrationRunner>.Instance);

    [Fact]
    public void Embedded_migrations_are_numbered_in_order_and_each_has_a_down_script()
    {
        var versions = MigrationCatalog.Embedded.Select(m => m.Version).ToList();
        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
        Assert.All(MigrationCatalog.Embedded, m => Assert.False(string.IsNullOrWhiteSpace(m.DownSql)));
    }

    [Fact]
    public async Task Applies_every_migration_once_and_reports_them_applied()
    {
        await using var source = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("apply"));
        var first = await Runner().ApplyAsync(source);
        var second = await Runner().ApplyAsync(source);

        Assert.Equal(MigrationCatalog.Embedded.Count, first.Count);
        Assert.Empty(second);
        var status = await Runner().StatusAsync(source);
        Assert.All(status, s => Assert.True(s.Applied && s.ChecksumMatches, s.ToString()));
    }

    [Fact]
    public async Task Every_migration_goes_down_and_up_again()
    {
        await using var source = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("updown"));
        await Runner().ApplyAsync(source);
        var tablesAtTop = await TablesAsync(source);

        foreach (var migration in MigrationCatalog.Embedded.Reverse())
        {
            var down = await Runner().RollbackToAsync(source, migration.Version - 1);
            Assert.Equal(migration.Id, Assert.Single(down).Id);
        }
        Assert.Equal(["schema_migrations"], await TablesAsync(source));

        await Runner().ApplyAsync(source);
        Assert.Equal(tablesAtTop, await TablesAsync(source));
    }

    [Fact]
    public async Task An_applied_migration_edited_afterwards_is_refused_with_its_name()
    {
        await using var source = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("edited"));
        var original = new Migration(1, "create_widgets", "CREATE TABLE widgets (id int);", "DROP TABLE widgets;");
        await Runner([original]).ApplyAsync(source);

        var edited = original with { UpSql = "CREATE TABLE widgets (id bigint);" };
        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner([edited]).ApplyAsync(source));

        Assert.Contains("0001_create_widgets", error.Message);
        Assert.Contains("edited after it was applied", error.Message);
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_whole_and_not_recorded()
    {
        await using var source = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("failing"));
        var good = new Migration(1, "good", "CREATE TABLE good (id int);", "DROP TABLE good;");
        var bad = new Migration(2, "bad", "CREATE TABLE half (id int); SELECT * FROM no_such_table;", "DROP TABLE half;");

        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner([good, bad]).ApplyAsync(source));

        Assert.Contains("0002_bad", error.Message);
        Assert.Equal(["good", "schema_migrations"], await TablesAsync(source));
        var status = await Runner([good, bad]).StatusAsync(source);
        Assert.False(status.Single(s => s.Version == 2).Applied);
    }

    [Fact]
    public async Task Two_runners_at_once_apply_each_migration_exactly_once()
    {
        var connectionString = await postgres.CreateDatabaseAsync("race");
        await using var a = NpgsqlDataSource.Create(connectionString);
        await using var b = NpgsqlDataSource.Create(connectionString);

        var results = await Task.WhenAll(Runner().ApplyAsync(a), Runner().ApplyAsync(b));

        Assert.Equal(MigrationCatalog.Embedded.Count, results.Sum(r => r.Count));
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_build_is_refused()
    {
        await using var source = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("newer"));
        var one = new Migration(1, "one", "SELECT 1;", "SELECT 1;");
        var two = new Migration(2, "two", "SELECT 2;", "SELECT 2;");
        await Runner([one, two]).ApplyAsync(source);

        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner([one]).ApplyAsync(source));
        Assert.Contains("0002_two", error.Message);
    }

    internal static async Task<List<string>> TablesAsync(NpgsqlDataSource source)
    {
        await using var command = source.CreateCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        return tables;
    }
}
