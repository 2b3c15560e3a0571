using System.Globalization;
using Pulse.Core.VectorStore;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pulse.Core.Collections.Schema;

/// <summary>
/// Reads and validates collection schema YAML. Every problem is reported (not only the first), each as
/// "line N: what is wrong and what is allowed", so a person can fix a file in one pass.
/// </summary>
public static class CollectionSchemaParser
{
    /// <summary>Longest version suffix a physical name gets (<c>_v9999</c>).</summary>
    private const int SuffixLength = 6;

    private static readonly string[] TopKeys = ["schema", "version", "scope", "description", "defaults", "indexing", "collections", "migration", "validation"];
    private static readonly string[] CollectionKeys = ["vector_size", "distance", "hnsw", "on_disk_payload", "payload_indexes", "shard_number", "replication_factor"];
    private static readonly string[] DefaultKeys = ["distance", "hnsw", "on_disk_payload"];
    private static readonly string[] HnswKeys = ["m", "ef_construct", "full_scan_threshold", "on_disk"];

    /// <summary>Parses and validates <paramref name="yaml"/>.</summary>
    public static SchemaParseResult Parse(string yaml)
    {
        var problems = new List<string>();
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml ?? ""));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                return new SchemaParseResult(null, ["The schema is empty or not a mapping; start with 'schema:', 'version:' and 'collections:'."]);
            }

            root = mapping;
        }
        catch (YamlException ex)
        {
            return new SchemaParseResult(null, [$"line {ex.Start.Line}: the YAML cannot be read: {Reason(ex)}"]);
        }

        var reader = new YamlReader(problems);
        reader.UnknownKeys(root, TopKeys, "the schema");
        var name = reader.Text(root, "schema", required: true);
        var version = reader.Integer(root, "version", required: true, min: 1, max: 9999) ?? 0;
        var scopeText = reader.Text(root, "scope", required: false) ?? "platform";
        if (!Enum.TryParse<CollectionSchemaScope>(scopeText, ignoreCase: true, out var scope) || int.TryParse(scopeText, out _))
        {
            problems.Add($"line {reader.Line(root, "scope")}: scope '{scopeText}' is not known; use 'platform' or 'tenant'.");
        }

        var defaults = ReadDefaults(root, reader);
        var collections = ReadCollections(root, reader, defaults, scope);
        return problems.Count > 0 || name is null
            ? new SchemaParseResult(null, problems)
            : new SchemaParseResult(new CollectionSchema(name, version, scope, collections, yaml!), []);
    }

    private static CollectionDefinition ReadDefaults(YamlMappingNode root, YamlReader reader)
    {
        var defaults = new CollectionDefinition(0, Distance.Cosine);
        if (reader.Mapping(root, "indexing") is { } indexing && reader.Mapping(indexing, "hnsw") is { } seedHnsw)
        {
            defaults = defaults with { Hnsw = ReadHnsw(seedHnsw, reader, null) };
        }

        if (reader.Mapping(root, "defaults") is not { } node)
        {
            return defaults;
        }

        reader.UnknownKeys(node, DefaultKeys, "defaults");
        return defaults with
        {
            Distance = ReadDistance(node, reader) ?? defaults.Distance,
            Hnsw = reader.Mapping(node, "hnsw") is { } hnsw ? ReadHnsw(hnsw, reader, defaults.Hnsw) : defaults.Hnsw,
            OnDiskPayload = reader.Boolean(node, "on_disk_payload"),
        };
    }

    private static List<CollectionSchemaEntry> ReadCollections(YamlMappingNode root, YamlReader reader, CollectionDefinition defaults, CollectionSchemaScope scope)
    {
        var entries = new List<CollectionSchemaEntry>();
        if (reader.Mapping(root, "collections") is not { } collections)
        {
            if (!reader.Has(root, "collections"))
            {
                reader.Problems.Add("line 1: 'collections' is missing; declare at least one collection under it.");
            }

            return entries;
        }

        if (collections.Children.Count == 0)
        {
            reader.Problems.Add($"line {collections.Start.Line}: 'collections' is empty; declare at least one collection.");
        }

        foreach (var (keyNode, valueNode) in collections.Children)
        {
            var name = ((YamlScalarNode)keyNode).Value ?? "";
            var line = keyNode.Start.Line;
            if (NameProblem(name, scope) is { } problem)
            {
                reader.Problems.Add($"line {line}: {problem}");
            }

            if (valueNode is not YamlMappingNode node)
            {
                reader.Problems.Add($"line {line}: collection '{name}' needs settings such as 'vector_size: 384'.");
                continue;
            }

            reader.UnknownKeys(node, CollectionKeys, $"collection '{name}'");
            var size = reader.Integer(node, "vector_size", required: true, min: 1, max: 65536, what: $"collection '{name}'") ?? 1;
            foreach (var key in new[] { "shard_number", "replication_factor" })
            {
                // Accepted for seed 002's files; anything but 1 is refused rather than silently ignored.
                _ = reader.Integer(node, key, false, 1, 1, $"collection '{name}'", "collections here have one shard and one replica");
            }

            var definition = new CollectionDefinition(size, ReadDistance(node, reader) ?? defaults.Distance)
            {
                Hnsw = reader.Mapping(node, "hnsw") is { } hnsw ? ReadHnsw(hnsw, reader, defaults.Hnsw) : defaults.Hnsw,
                OnDiskPayload = reader.Boolean(node, "on_disk_payload") ?? defaults.OnDiskPayload,
            };
            entries.Add(new CollectionSchemaEntry(name, definition, ReadIndexes(node, reader, name)));
        }

        return entries;
    }

    private static Dictionary<string, PayloadFieldType> ReadIndexes(YamlMappingNode node, YamlReader reader, string collection)
    {
        var indexes = new Dictionary<string, PayloadFieldType>(StringComparer.Ordinal);
        if (reader.Mapping(node, "payload_indexes") is not { } mapping)
        {
            return indexes;
        }

        foreach (var (key, value) in mapping.Children)
        {
            var field = ((YamlScalarNode)key).Value ?? "";
            var typeText = (value as YamlScalarNode)?.Value ?? "";
            if (string.IsNullOrWhiteSpace(field))
            {
                reader.Problems.Add($"line {key.Start.Line}: a payload index of collection '{collection}' has no field name.");
            }
            else if (Enum.TryParse<PayloadFieldType>(typeText, ignoreCase: true, out var type) && !int.TryParse(typeText, out _))
            {
                indexes[field] = type;
            }
            else
            {
                reader.Problems.Add($"line {value.Start.Line}: index type '{typeText}' of field '{field}' in collection '{collection}' is not known; use keyword, integer, float, bool, text, datetime or uuid.");
            }
        }

        return indexes;
    }

    private static HnswSettings ReadHnsw(YamlMappingNode node, YamlReader reader, HnswSettings? inherited)
    {
        reader.UnknownKeys(node, HnswKeys, "hnsw");
        return new HnswSettings
        {
            M = reader.Integer(node, "m", false, 0, 128, "hnsw", "16 suits most collections") ?? inherited?.M,
            EfConstruct = reader.Integer(node, "ef_construct", false, 4, 4096, "hnsw", "100 to 200 is typical") ?? inherited?.EfConstruct,
            FullScanThreshold = reader.Integer(node, "full_scan_threshold", false, 0, 100_000_000, "hnsw") ?? inherited?.FullScanThreshold,
            OnDisk = reader.Boolean(node, "on_disk") ?? inherited?.OnDisk,
        };
    }

    private static Distance? ReadDistance(YamlMappingNode node, YamlReader reader)
    {
        if (reader.Text(node, "distance", required: false) is not { } text)
        {
            return null;
        }

        if (Enum.TryParse<Distance>(text, ignoreCase: true, out var distance) && !int.TryParse(text, out _))
        {
            return distance;
        }

        reader.Problems.Add($"line {reader.Line(node, "distance")}: distance '{text}' is not known; use Cosine, Dot, Euclid or Manhattan.");
        return null;
    }

    private static string? NameProblem(string name, CollectionSchemaScope scope)
    {
        var limit = (scope == CollectionSchemaScope.Tenant ? CollectionNames.MaxLogicalNameLength : 200) - SuffixLength;
        if (name.Length > limit)
        {
            return $"collection name '{name}' is {name.Length} characters long; use at most {limit} (a version suffix is added to the physical name).";
        }

        if (scope == CollectionSchemaScope.Platform && !CollectionNames.IsPlatform(name))
        {
            return $"collection name '{name}' starts with '{CollectionNames.TenantPrefix}', which is reserved for tenant collections; use scope: tenant with the short name.";
        }

        var problem = CollectionNames.Problem(name);
        return problem is null ? null : char.ToLowerInvariant(problem[0]) + problem[1..];
    }

    private static string Reason(YamlException ex)
    {
        var message = ex.InnerException?.Message ?? ex.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return close >= 0 && message.StartsWith('(') ? message[(close + 3)..] : message;
    }

    /// <summary>Typed reads of scalar values that record a sentence per problem.</summary>
    private sealed class YamlReader(List<string> problems)
    {
        public List<string> Problems { get; } = problems;

        public bool Has(YamlMappingNode node, string key) => node.Children.ContainsKey(new YamlScalarNode(key));

        public int Line(YamlMappingNode node, string key) =>
            node.Children.Keys.FirstOrDefault(k => (k as YamlScalarNode)?.Value == key)?.Start.Line is { } line ? (int)line : (int)node.Start.Line;

        public void UnknownKeys(YamlMappingNode node, string[] allowed, string where)
        {
            foreach (var key in node.Children.Keys)
            {
                var text = (key as YamlScalarNode)?.Value ?? "?";
                if (!allowed.Contains(text))
                {
                    Problems.Add($"line {key.Start.Line}: '{text}' is not a setting of {where}; known settings: {string.Join(", ", allowed)}.");
                }
            }
        }

        public YamlMappingNode? Mapping(YamlMappingNode node, string key)
        {
            if (!node.Children.TryGetValue(new YamlScalarNode(key), out var value))
            {
                return null;
            }

            if (value is YamlMappingNode mapping)
            {
                return mapping;
            }

            Problems.Add($"line {value.Start.Line}: '{key}' must be a mapping of settings, not a single value.");
            return null;
        }

        public string? Text(YamlMappingNode node, string key, bool required)
        {
            if (!node.Children.TryGetValue(new YamlScalarNode(key), out var value))
            {
                if (required)
                {
                    Problems.Add($"line {node.Start.Line}: '{key}' is required.");
                }

                return null;
            }

            if (value is YamlScalarNode { Value: { Length: > 0 } text })
            {
                return text;
            }

            Problems.Add($"line {value.Start.Line}: '{key}' needs a value.");
            return null;
        }

        public int? Integer(YamlMappingNode node, string key, bool required, int min, int max, string what = "the schema", string? rangeHint = null)
        {
            if (Text(node, key, required) is not { } text)
            {
                return null;
            }

            var line = Line(node, key);
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                Problems.Add($"line {line}: {key} of {what} is '{text}', not a whole number.");
                return null;
            }

            if (value < min || value > max)
            {
                var range = min == max ? $"it must be {min}" : $"use {min} to {max}";
                Problems.Add($"line {line}: {key} {value} of {what} is out of range: {range}{(rangeHint is null ? "" : $"; {rangeHint}")}.");
                return null;
            }

            return value;
        }

        public bool? Boolean(YamlMappingNode node, string key)
        {
            if (Text(node, key, required: false) is not { } text)
            {
                return null;
            }

            if (bool.TryParse(text, out var value))
            {
                return value;
            }

            Problems.Add($"line {Line(node, key)}: {key} is '{text}'; use true or false.");
            return null;
        }
    }
}
