using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Data;

/// <summary>EF maps the SQL schema; it never creates it. These tests prove the two agree column by column.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SchemaAgreementTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task Every_mapped_column_exists_with_the_same_type_and_nullability()
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("agree");
        var columns = await ReadColumnsAsync(connectionString);
        await using var db = new PulseDbContext(new DbContextOptionsBuilder<PulseDbContext>().UseNpgsql(connectionString).Options, TestTenantContext.Admin());

        var problems = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName(store)!;
                if (!columns.TryGetValue((table, column), out var actual))
                {
                    problems.Add($"{table}.{column} ({entity.ShortName()}.{property.Name}) does not exist");
                    continue;
                }
                var expectedType = property.GetColumnType(store);
                if (!string.Equals(expectedType, actual.Type, StringComparison.OrdinalIgnoreCase))
                    problems.Add($"{table}.{column}: EF maps {expectedType}, the schema has {actual.Type}");
                if (property.IsColumnNullable(store) != actual.Nullable)
                    problems.Add($"{table}.{column}: EF says {(property.IsColumnNullable(store) ? "nullable" : "NOT NULL")}, the schema says {(actual.Nullable ? "nullable" : "NOT NULL")}");
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task Every_table_of_the_schema_is_mapped_except_the_migration_journal()
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("tables");
        var tables = (await ReadColumnsAsync(connectionString)).Keys.Select(k => k.Table).ToHashSet();
        await using var db = new PulseDbContext(new DbContextOptionsBuilder<PulseDbContext>().UseNpgsql(connectionString).Options, TestTenantContext.Admin());
        var mapped = db.Model.GetEntityTypes().Select(e => e.GetTableName()!).ToHashSet();

        Assert.Equal(["schema_migrations"], tables.Except(mapped).Order());
    }

    private static async Task<Dictionary<(string Table, string Column), (string Type, bool Nullable)>> ReadColumnsAsync(string connectionString)
    {
        const string sql = """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
            """;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var columns = new Dictionary<(string, string), (string, bool)>();
        while (await reader.ReadAsync())
            columns[(reader.GetString(0), reader.GetString(1))] = (reader.GetString(2), reader.GetBoolean(3));
        return columns;
    }
}
