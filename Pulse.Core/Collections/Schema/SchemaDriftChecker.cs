using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.VectorStore;

namespace Pulse.Core.Collections.Schema;

/// <summary>
/// Compares every collection's newest applied schema version (<c>collection_schema_versions</c>) with the live store,
/// the way a schema diff would: for the health page, the API's validation and its schema health. Collections nobody
/// declared have no row (there is nothing to drift from).
/// </summary>
public sealed class SchemaDriftChecker(PulseDatabase database, IVectorStore store)
{
    private const string Sql = """
        SELECT DISTINCT ON (collection_name) collection_name, tenant_id, schema_name, version, definition
        FROM collection_schema_versions
        WHERE @tenant::int IS NULL OR tenant_id = @tenant
        ORDER BY collection_name, applied_at DESC, id DESC
        """;

    /// <summary>The declared collections of <paramref name="tenantId"/> (every tenant's and the platform's when null).</summary>
    public async Task<IReadOnlyList<SchemaDrift>> CheckAsync(int? tenantId, CancellationToken cancellationToken = default)
    {
        var declared = await ReadDeclaredAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (declared.Count == 0) return [];
        var aliases = (await store.ListAliasesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(a => a.AliasName, a => a.CollectionName);
        var result = new List<SchemaDrift>(declared.Count);
        foreach (var d in declared)
            result.Add(await CompareAsync(d, aliases, cancellationToken).ConfigureAwait(false));
        return result;
    }

    private async Task<SchemaDrift> CompareAsync(Declared d, Dictionary<string, string> aliases, CancellationToken cancellationToken)
    {
        var live = aliases.GetValueOrDefault(d.Collection)
            ?? (await store.CollectionExistsAsync(d.Collection, cancellationToken).ConfigureAwait(false) ? d.Collection : null);
        var parsed = CollectionSchemaParser.Parse(d.Definition);
        var entry = parsed.Schema?.Collections.FirstOrDefault(e => FullName(parsed.Schema, e.Name, d.TenantId) == d.Collection);
        if (entry is null)
        {
            IReadOnlyList<string> why = parsed.IsValid ? [$"it declares no collection named '{d.Collection}'."] : parsed.Problems;
            return new SchemaDrift(d.Collection, live, d.TenantId, d.SchemaName, d.Version, null, why);
        }

        var info = live is null ? null : await store.GetCollectionInfoAsync(live, cancellationToken).ConfigureAwait(false);
        var (kind, details) = SchemaDiff.Compare(entry, info);
        return new SchemaDrift(d.Collection, live, d.TenantId, d.SchemaName, d.Version, kind, details);
    }

    private static string FullName(CollectionSchema schema, string name, int? tenantId) =>
        schema.Scope == CollectionSchemaScope.Platform || tenantId is null ? name : CollectionNames.ForTenant(tenantId.Value, name);

    private async Task<List<Declared>> ReadDeclaredAsync(int? tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlTypes.NpgsqlDbType.Integer) { Value = (object?)tenantId ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<Declared>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            rows.Add(new Declared(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt32(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4)));
        return rows;
    }

    private sealed record Declared(string Collection, int? TenantId, string SchemaName, int Version, string Definition);
}
