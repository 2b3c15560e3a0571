using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pulse.Core.Data.Migrations;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Data;

/// <summary>Seed 003, prompt 4: the science extension widens the CHECK constraint and rolls back cleanly.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ScienceMigrationTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task Science_content_is_accepted_after_the_migration_and_removed_by_its_rollback()
    {
        await using var source = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("science"));
        var runner = new MigrationRunner(MigrationCatalog.Embedded, NullLogger<MigrationRunner>.Instance);
        await runner.RollbackToAsync(source, 0);
        await runner.ApplyAsync(source);
        await Exec(source, "INSERT INTO tenants (name, slug) VALUES ('T', 't')");
        await Exec(source, """
            INSERT INTO science_hierarchy (tenant_id, branch, limb, leaf) SELECT id, 'Physics', 'Optics', 'Lasers' FROM tenants;
            INSERT INTO content_metadata (tenant_id, hierarchy_table, leaf_id, content_type, title, content_summary)
            SELECT t.id, 'science_hierarchy', s.id, 'Theory', 'Lasers', 'Stimulated emission' FROM tenants t JOIN science_hierarchy s ON s.tenant_id = t.id;
            """);

        await runner.RollbackToAsync(source, 5);

        Assert.Equal(0L, await Scalar(source, "SELECT count(*) FROM content_metadata"));
        Assert.DoesNotContain("science_hierarchy", await MigrationRunnerTests.TablesAsync(source));
        var error = await Assert.ThrowsAsync<PostgresException>(() => Exec(source,
            "INSERT INTO content_metadata (tenant_id, hierarchy_table, leaf_id, content_type, title, content_summary) SELECT id, 'science_hierarchy', 1, 'x', 'x', 'x' FROM tenants"));
        Assert.Equal("valid_hierarchy_table", error.ConstraintName);
    }

    [Fact]
    public async Task The_migration_adds_sample_science_paths_for_existing_tenants()
    {
        await using var source = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("science_sample"));
        var runner = new MigrationRunner(MigrationCatalog.Embedded, NullLogger<MigrationRunner>.Instance);
        await runner.ApplyAsync(source);
        await runner.RollbackToAsync(source, 5);
        await Exec(source, "INSERT INTO tenants (name, slug) VALUES ('A', 'a'), ('B', 'b')");

        await runner.ApplyAsync(source);

        Assert.Equal(6L, await Scalar(source, "SELECT count(*) FROM science_hierarchy"));
        Assert.Equal(1L, await Scalar(source, "SELECT count(*) FROM science_hierarchy WHERE branch = 'Physics' AND limb = 'Quantum-Mechanics' AND leaf = 'Theories' AND tenant_id = (SELECT id FROM tenants WHERE slug = 'a')"));
    }

    private static async Task Exec(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> Scalar(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
