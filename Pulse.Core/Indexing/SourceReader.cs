using System.Globalization;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Data.Configurations;

namespace Pulse.Core.Indexing;

/// <summary>
/// Reads source rows in keyset order (<c>id &gt; cursor ORDER BY id</c>), always with <c>tenant_id = @tenant</c> in the
/// SQL, so a job can only see its own tenant's rows. Built-in tables join what their text needs (the hierarchy path, the
/// project); other tables are read whole and must have an integer <c>id</c> and a <c>tenant_id</c>.
/// </summary>
/// <remarks>
/// Content rows name their leaf by (hierarchy table, leaf id) across ten tables. Joining a ten-way UNION ALL per page cost
/// more to plan and run than the page itself, so a page's leaves are looked up afterwards: one indexed
/// <c>id = ANY(...)</c> query per hierarchy table the page uses.
/// </remarks>
public sealed class SourceReader(PulseDatabase database)
{
    private const string LeafIdColumn = "leaf_id";

    /// <summary>Up to <paramref name="limit"/> live rows of the tenant with id above <paramref name="afterId"/>, in id order.</summary>
    public async Task<IReadOnlyList<SourceRow>> ReadPageAsync(int tenantId, string table, int afterId, int limit, CancellationToken cancellationToken)
    {
        var shape = await ShapeAsync(table, cancellationToken).ConfigureAwait(false);
        var sql = $"SELECT {shape.Select} FROM {shape.From} WHERE s.tenant_id = @t AND s.id > @after{shape.Filter} ORDER BY s.id LIMIT @n";
        await using var command = database.Primary.CreateCommand(sql);
        command.Parameters.AddWithValue("t", tenantId);
        command.Parameters.AddWithValue("after", afterId);
        command.Parameters.AddWithValue("n", limit);
        var rows = new List<SourceRow>(limit);
        var content = table == BuiltInSources.Content;
        var leaves = content ? new List<(Dictionary<string, string?> Fields, int LeafId)>(limit) : null;
        // The reader is closed (its connection back in the pool) before the leaves are looked up, and disposed once:
        // Npgsql reuses a connection's reader object, so a second dispose would close another command's reader.
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            var idOrdinal = Array.IndexOf(names, "id");
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var fields = new Dictionary<string, string?>(names.Length + 4, StringComparer.Ordinal);
                for (var i = 0; i < names.Length; i++)
                {
                    if (content && names[i] == LeafIdColumn) leaves!.Add((fields, reader.GetInt32(i)));
                    else fields[names[i]] = reader.IsDBNull(i) ? null : Text(reader.GetValue(i));
                }
                rows.Add(new SourceRow(Convert.ToInt32(reader.GetValue(idOrdinal), CultureInfo.InvariantCulture), fields));
            }
        }
        if (content) await AddHierarchyAsync(tenantId, leaves!, cancellationToken).ConfigureAwait(false);
        return rows;
    }

    // The fields a content row's text sees, in the order the template and hash have always seen them:
    // ..., hierarchy_table, branch, limb, leaf, hierarchy_path (empty when the leaf is gone).
    private async Task AddHierarchyAsync(int tenantId, List<(Dictionary<string, string?> Fields, int LeafId)> rows, CancellationToken cancellationToken)
    {
        var leaves = new Dictionary<(string Table, int Id), (string? Branch, string? Limb, string? Leaf)>();
        foreach (var group in rows.Select(r => (Table: r.Fields.GetValueOrDefault("hierarchy_table"), Leaf: r.LeafId))
                     .Where(x => x.Table is not null && HierarchyTables.All.Contains(x.Table)).GroupBy(x => x.Table!, StringComparer.Ordinal))
        {
            // The table name is one of HierarchyTables.All (checked above and by content_metadata's CHECK constraint).
            await using var command = database.Primary.CreateCommand(
                $"SELECT id, branch, limb, leaf FROM {group.Key} WHERE tenant_id = @t AND id = ANY(@ids)");
            command.Parameters.AddWithValue("t", tenantId);
            command.Parameters.AddWithValue("ids", group.Select(x => x.Leaf).Distinct().ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                leaves[(group.Key, reader.GetInt32(0))] = (reader.GetString(1), reader.GetString(2), reader.GetString(3));
        }
        foreach (var (fields, leafId) in rows)
        {
            var found = fields.GetValueOrDefault("hierarchy_table") is { } t && leaves.TryGetValue((t, leafId), out var leaf) ? leaf : default;
            fields["branch"] = found.Branch;
            fields["limb"] = found.Limb;
            fields["leaf"] = found.Leaf;
            fields["hierarchy_path"] = HierarchyPath(fields);
        }
    }

    /// <summary>Number of live rows of the tenant in <paramref name="table"/>.</summary>
    public async Task<int> CountAsync(int tenantId, string table, CancellationToken cancellationToken)
    {
        var shape = await ShapeAsync(table, cancellationToken).ConfigureAwait(false);
        await using var command = database.Primary.CreateCommand($"SELECT count(*) FROM {Quote(table)} s WHERE s.tenant_id = @t{shape.Filter}");
        command.Parameters.AddWithValue("t", tenantId);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>Records that have points (or parked entries) but no live source row any more, in id order after <paramref name="afterId"/>.</summary>
    public async Task<IReadOnlyList<int>> FindDeletedAsync(int tenantId, string table, int afterId, int limit, CancellationToken cancellationToken)
    {
        var shape = await ShapeAsync(table, cancellationToken).ConfigureAwait(false);
        var sql = $"""
            SELECT r FROM (
                SELECT record_id AS r FROM qdrant_vectors WHERE tenant_id = @t AND table_name = @table AND record_id > @after
                UNION SELECT record_id FROM indexing_parked_rows WHERE tenant_id = @t AND source_table = @table AND record_id > @after) known
            WHERE NOT EXISTS (SELECT 1 FROM {Quote(table)} s WHERE s.id = known.r AND s.tenant_id = @t{shape.Filter})
            ORDER BY r LIMIT @n
            """;
        await using var command = database.Primary.CreateCommand(sql);
        command.Parameters.AddWithValue("t", tenantId);
        command.Parameters.AddWithValue("table", table);
        command.Parameters.AddWithValue("after", afterId);
        command.Parameters.AddWithValue("n", limit);
        var ids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) ids.Add(reader.GetInt32(0));
        return ids;
    }

    private async Task<Shape> ShapeAsync(string table, CancellationToken cancellationToken)
    {
        switch (table)
        {
            case BuiltInSources.Content:
                return new($"s.id, s.title, s.content_summary, s.content_type, s.chunk_number, s.word_count, s.hierarchy_table, s.{LeafIdColumn}",
                    "content_metadata s", "");
            case BuiltInSources.WorkItems:
                return new("s.id, s.key, s.summary, s.description, s.item_type, s.status, s.priority, s.assignee, s.story_points, p.name AS project",
                    "work_items s LEFT JOIN projects p ON p.id = s.project_id", " AND s.active");
            case BuiltInSources.PullRequests:
                return new("s.id, s.repository, s.number, s.title, s.description, s.author, s.state, p.name AS project",
                    "pull_requests s LEFT JOIN projects p ON p.id = s.project_id", " AND s.active");
        }

        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var command = database.Primary.CreateCommand(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @table"))
        {
            command.Parameters.AddWithValue("table", table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) columns[reader.GetString(0)] = reader.GetString(1);
        }
        if (columns.Count == 0) throw new IndexingException($"Table '{table}' does not exist, so it cannot be indexed. Check the tenant's pipeline configuration.");
        if (!columns.TryGetValue("id", out var idType) || idType is not ("integer" or "smallint"))
            throw new IndexingException($"Table '{table}' cannot be indexed: it needs an integer 'id' column to read in order and to name points.");
        if (!columns.ContainsKey("tenant_id"))
            throw new IndexingException($"Table '{table}' cannot be indexed: it has no 'tenant_id' column, so its rows cannot be kept to one tenant.");
        var filter = columns.TryGetValue("active", out var activeType) && activeType == "boolean" ? " AND s.active" : "";
        return new("s.*", $"{Quote(table)} s", filter);
    }

    private static string HierarchyPath(Dictionary<string, string?> fields)
    {
        var table = fields.GetValueOrDefault("hierarchy_table") ?? "";
        var tree = table.EndsWith("_hierarchy", StringComparison.Ordinal) ? table[..^"_hierarchy".Length] : table;
        tree = tree.Length > 0 ? char.ToUpperInvariant(tree[0]) + tree[1..] : tree;
        var parts = new[] { tree, fields.GetValueOrDefault("branch"), fields.GetValueOrDefault("limb"), fields.GetValueOrDefault("leaf") };
        return string.Join(" > ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
    }

    private static string Text(object value) => value switch
    {
        string s => s,
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        byte[] => "",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // Table names reach here only after validation (lower-case identifier); quoting keeps them from being read as SQL.
    private static string Quote(string table) => new NpgsqlCommandBuilder().QuoteIdentifier(table);

    private sealed record Shape(string Select, string From, string Filter);
}
