using Pulse.Core.Collections.Schema;
using Pulse.Core.VectorStore;

namespace Pulse.Core.Tests.Collections;

/// <summary>Collection schema YAML: the checked-in files are valid, and every mistake is named with its line.</summary>
public sealed class CollectionSchemaParserTests
{
    [Fact]
    public void The_checked_in_platform_schema_declares_seed_002s_nine_model_collections()
    {
        var yaml = CollectionSchemaService.BuiltIn.Single(s => s.Name == "platform-models.yaml").Yaml;

        var result = CollectionSchemaService.Validate(yaml);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var schema = result.Schema!;
        Assert.Equal(("platform-models", 1, CollectionSchemaScope.Platform), (schema.Name, schema.Version, schema.Scope));
        Assert.Equal(
            [("mixtral", 4096), ("hermes", 4096), ("openchat", 4096), ("phi3", 3072), ("yi34b", 4096), ("deepcoder", 768), ("imp", 2048), ("deepseek", 4096), ("general", 1536)],
            schema.Collections.Select(c => (c.Name, c.Definition.VectorSize)));
        Assert.All(schema.Collections, c => Assert.Equal((Distance.Cosine, 16, 100, 20000),
            (c.Definition.Distance, c.Definition.Hnsw!.M!.Value, c.Definition.Hnsw.EfConstruct!.Value, c.Definition.Hnsw.FullScanThreshold!.Value)));
    }

    [Fact]
    public void The_tenant_template_is_seed_003s_content_vectors_with_its_payload_indexes()
    {
        var result = CollectionSchemaService.Validate(CollectionSchemaService.BuiltIn.Single(s => s.Name == "tenant-content.yaml").Yaml);

        var entry = Assert.Single(result.Schema!.Collections);
        Assert.Equal(CollectionSchemaScope.Tenant, result.Schema.Scope);
        Assert.Equal(("content_vectors", 384, 200), (entry.Name, entry.Definition.VectorSize, entry.Definition.Hnsw!.EfConstruct!.Value));
        Assert.Equal(PayloadFieldType.Keyword, entry.PayloadIndexes["content_type"]);
        Assert.Equal(6, entry.PayloadIndexes.Count);
    }

    [Fact]
    public void Seed_002s_own_yaml_with_indexing_hnsw_and_shard_settings_is_accepted()
    {
        var result = CollectionSchemaService.Validate("""
            schema: seed-002
            version: 2
            collections:
              mixtral:
                vector_size: 4096
                distance: "Cosine"
                shard_number: 1
                replication_factor: 1
            indexing:
              hnsw:
                m: 16
                ef_construct: 100
                full_scan_threshold: 20000
            migration:
              versioning: true
            """);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(100, result.Schema!.Collections[0].Definition.Hnsw!.EfConstruct);
    }

    [Fact]
    public void Every_problem_is_reported_with_its_line()
    {
        var result = CollectionSchemaService.Validate("""
            schema: broken
            version: 0
            scope: galaxy
            collections:
              good:
                vector_size: 384
              bad name:
                vector_size: 384
              huge:
                vector_size: 100000
                distance: Hamming
                hnsw:
                  m: 500
                  ef: 10
                payload_indexes:
                  tags: keywords
              sharded:
                vector_size: 8
                shard_number: 3
              client_1_x:
                vector_size: 8
              nosize:
                distance: Dot
            """);

        Assert.False(result.IsValid);
        Assert.Equal(
        [
            "line 2: version 0 of the schema is out of range: use 1 to 9999.",
            "line 3: scope 'galaxy' is not known; use 'platform' or 'tenant'.",
            "line 7: collection name 'bad name' has ' ' at position 4; use letters, digits, '_' and '-' only.",
            "line 10: vector_size 100000 of collection 'huge' is out of range: use 1 to 65536.",
            "line 11: distance 'Hamming' is not known; use Cosine, Dot, Euclid or Manhattan.",
            "line 14: 'ef' is not a setting of hnsw; known settings: m, ef_construct, full_scan_threshold, on_disk.",
            "line 13: m 500 of hnsw is out of range: use 0 to 128; 16 suits most collections.",
            "line 16: index type 'keywords' of field 'tags' in collection 'huge' is not known; use keyword, integer, float, bool, text, datetime or uuid.",
            "line 19: shard_number 3 of collection 'sharded' is out of range: it must be 1; collections here have one shard and one replica.",
            "line 20: collection name 'client_1_x' starts with 'client_', which is reserved for tenant collections; use scope: tenant with the short name.",
            "line 23: 'vector_size' is required.",
        ], result.Problems);
    }

    [Fact]
    public void Malformed_yaml_and_a_missing_collections_block_are_explained()
    {
        var malformed = CollectionSchemaService.Validate("schema: x\nversion: 1\ncollections:\n  a: [1, 2\n");
        var empty = CollectionSchemaService.Validate("schema: x\nversion: 1\n");

        Assert.StartsWith("line ", Assert.Single(malformed.Problems));
        Assert.Contains("cannot be read", malformed.Problems[0]);
        Assert.Equal(["line 1: 'collections' is missing; declare at least one collection under it."], empty.Problems);
    }
}
