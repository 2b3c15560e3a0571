using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Preferences;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;

namespace Pulse.Core.Indexing;

/// <summary>
/// Reads a tenant's <c>tenant_ai_configuration</c> row of category <c>pipeline_config</c> defensively: the document is
/// edited elsewhere and may be partial, use snake_case or camelCase, or be malformed. Anything unusable falls back to
/// the per-table default and is reported in <see cref="PipelineSettings.Notes"/>, never thrown.
/// </summary>
public sealed partial class PipelineConfigurationReader(PulseDatabase database, IOptions<IndexingOptions> options)
{
    public const string Category = "pipeline_config";

    // Tables that hold secrets, identity or the pipeline's own bookkeeping are never a source, whatever the document says.
    private static readonly HashSet<string> Forbidden =
    [
        "tenants", "integrations", "qdrant_vectors", "indexing_jobs", "indexing_parked_rows", "schema_migrations",
        "audit_log", "ai_usage_tracking", "tenant_ai_configuration", "tenant_ai_preferences",
    ];

    /// <summary>The tenant's sources: the built-in tables (unless disabled) plus any table the configuration names.</summary>
    public async Task<PipelineSettings> ReadAsync(int tenantId, CancellationToken cancellationToken = default)
    {
        string? document;
        await using (var db = new PulseDbContext(database.PrimaryOptions, SystemTenantContext.ForTenant(tenantId)))
        {
            document = await db.Set<TenantAiConfiguration>().AsNoTracking()
                .Where(c => c.ConfigCategory == Category).Select(c => c.Configuration).FirstOrDefaultAsync(cancellationToken);
        }
        return Parse(document);
    }

    /// <summary>Parses a pipeline configuration document (null or empty: the defaults).</summary>
    public PipelineSettings Parse(string? document)
    {
        var notes = new List<string>();
        var defaults = options.Value;
        JsonObject? root = null;
        if (!string.IsNullOrWhiteSpace(document))
        {
            try { root = JsonNode.Parse(document) as JsonObject; }
            catch (JsonException ex) { notes.Add($"The pipeline configuration is not valid JSON ({ex.Message}); defaults are used."); }
        }
        root = Get(root, "indexing") as JsonObject ?? root;
        var chunkSize = Int(root, notes, "(all tables)", defaults.DefaultChunkSize, "chunk_size", "chunkSize");
        var overlap = Int(root, notes, "(all tables)", defaults.DefaultChunkOverlap, "chunk_overlap", "chunkOverlap");

        var configured = ReadSourceEntries(root, notes);
        // The versioned document the preferences page saves lists exactly the vectorized tables: a built-in table it
        // leaves out is not indexed. Hand-written documents only add tables to the built-in ones (or disable them).
        var listIsComplete = Get(root, "schema_version") is not null && (Get(root, "tables") ?? Get(root, "sources")) is JsonArray;
        var tables = listIsComplete
            ? BuiltInSources.Tables.Where(configured.ContainsKey).Concat(configured.Keys.Except(BuiltInSources.Tables))
            : BuiltInSources.Tables.Concat(configured.Keys.Except(BuiltInSources.Tables));
        var sources = new List<IndexingSource>();
        foreach (var table in tables)
        {
            configured.TryGetValue(table, out var entry);
            if (entry is not null && Get(entry, "enabled") is JsonValue enabled && enabled.TryGetValue<bool>(out var on) && !on) continue;
            sources.Add(Build(table, entry, chunkSize, overlap, notes));
        }
        return new PipelineSettings(sources, notes);
    }

    private IndexingSource Build(string table, JsonObject? entry, int chunkSize, int overlap, List<string> notes)
    {
        var template = Str(entry, "template", "text_template", "textTemplate") ?? BuiltInSources.DefaultTemplate(table);
        var size = Int(entry, notes, table, chunkSize, "chunk_size", "chunkSize");
        var sizeOk = size is >= PreferencesValidator.MinChunkSize and <= PreferencesValidator.MaxChunkSize;
        if (!sizeOk) notes.Add($"{table}: chunk size {size} is outside {PreferencesValidator.MinChunkSize} to {PreferencesValidator.MaxChunkSize}; {options.Value.DefaultChunkSize} is used.");
        size = sizeOk ? size : options.Value.DefaultChunkSize;
        var lap = Int(entry, notes, table, overlap, "chunk_overlap", "chunkOverlap");
        if (lap < 0 || lap > PipelineConfiguration.MaxOverlap(size))
        {
            var fallback = Math.Min(options.Value.DefaultChunkOverlap, PipelineConfiguration.MaxOverlap(size));
            notes.Add($"{table}: chunk overlap {lap} must be between 0 and half the chunk size; {fallback} is used.");
            lap = fallback;
        }
        var collection = Str(entry, "collection", "target_collection", "targetCollection") ?? BuiltInSources.DefaultCollection(table);
        if (CollectionNames.Problem(CollectionNames.TenantPrefix + "1_" + collection) is { } problem)
        {
            notes.Add($"{table}: {problem} The default collection '{BuiltInSources.DefaultCollection(table)}' is used.");
            collection = BuiltInSources.DefaultCollection(table);
        }
        var vectorType = Str(entry, "vector_type", "vectorType") ?? "content";
        if (vectorType.Length > 50) vectorType = "content";
        return new IndexingSource(table, template, size, lap, collection, vectorType, BuiltInSources.Tables.Contains(table));
    }

    private static Dictionary<string, JsonObject?> ReadSourceEntries(JsonObject? root, List<string> notes)
    {
        var entries = new Dictionary<string, JsonObject?>();
        switch (Get(root, "sources") ?? Get(root, "tables"))
        {
            case JsonObject byTable:
                foreach (var (table, value) in byTable) Add(table, value as JsonObject);
                break;
            case JsonArray list:
                foreach (var item in list)
                {
                    if (item is JsonValue name && name.TryGetValue<string>(out var t)) Add(t, null);
                    else if (item is JsonObject o && Str(o, "source_table", "table", "name", "source") is { } n) Add(n, o);
                    else notes.Add("A source entry without a table name was ignored.");
                }
                break;
        }
        return entries;

        void Add(string table, JsonObject? entry)
        {
            if (!TableName().IsMatch(table)) notes.Add($"'{table}' is not a table name this pipeline reads (lower-case letters, digits and '_'); ignored.");
            else if (Forbidden.Contains(table) || table.StartsWith("asp_net", StringComparison.Ordinal))
                notes.Add($"Table '{table}' cannot be indexed (it holds identity, secrets or bookkeeping); ignored.");
            else entries[table] = entry;
        }
    }

    private static JsonNode? Get(JsonObject? node, string key) => node is not null && node.TryGetPropertyValue(key, out var value) ? value : null;

    private static string? Str(JsonObject? node, params string[] keys)
    {
        foreach (var key in keys)
            if (Get(node, key) is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s)) return s;
        return null;
    }

    private static int Int(JsonObject? node, List<string> notes, string where, int fallback, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (Get(node, key) is not JsonValue v) continue;
            if (v.TryGetValue<int>(out var i)) return i;
            if (v.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue) return (int)d;
            if (v.TryGetValue<string>(out var s) && int.TryParse(s, out i)) return i;
            notes.Add($"{where}: '{key}' is not a whole number; {fallback} is used.");
        }
        return fallback;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex TableName();
}
