using Microsoft.Extensions.Options;
using Pulse.Core.Data;
using Pulse.Core.Indexing;
using Pulse.Core.Preferences;

namespace Pulse.Core.Tests.Indexing;

/// <summary>Point ids, chunking, templates and the defensive reading of pipeline configuration.</summary>
public sealed class PipelineBuildingBlocksTests
{
    private static readonly PipelineConfigurationReader Reader = new(new PulseDatabase(), Options.Create(new IndexingOptions()));

    [Fact]
    public void Point_ids_are_rfc_version_5_uuids_and_stable()
    {
        // RFC 9562's DNS namespace example, as Python's uuid.uuid5(NAMESPACE_DNS, "python.org") computes it.
        Assert.Equal(new Guid("886313e1-3b8a-5372-9b90-0c9aee199e5d"), IndexingPointIds.UuidV5(new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "python.org"));
        var id = IndexingPointIds.For(7, "work_items", 42, "content", 0);
        Assert.Equal(id, IndexingPointIds.For(7, "work_items", 42, "content", 0));
        Assert.NotEqual(id, IndexingPointIds.For(8, "work_items", 42, "content", 0));
        Assert.NotEqual(id, IndexingPointIds.For(7, "work_items", 42, "content", 1));
        Assert.NotEqual(id, IndexingPointIds.For(7, "pull_requests", 42, "content", 0));
    }

    [Fact]
    public void Chunks_respect_the_size_overlap_and_word_boundaries()
    {
        var text = string.Join(' ', Enumerable.Range(1, 200).Select(i => $"word{i}"));
        var chunks = TextChunker.Split(text, 100, 20);

        Assert.True(chunks.Count > 10);
        Assert.All(chunks, c => Assert.True(c.Length <= 100, c));
        Assert.All(chunks, c => Assert.Matches(@"^word\d+( word\d+)*$", c));
        for (var i = 1; i < chunks.Count; i++)
            Assert.Contains(chunks[i].Split(' ')[0], chunks[i - 1].Split(' ')); // the overlap carries words over
        Assert.Contains("word200", chunks[^1]);
        Assert.Equal(["short text"], TextChunker.Split("  short text ", 100, 20));
        Assert.Empty(TextChunker.Split("   ", 100, 20));
        Assert.Equal(3, TextChunker.Split(text, 100, 20, maxChunks: 3).Count);
    }

    [Fact]
    public void Templates_fill_placeholders_and_drop_lines_left_empty()
    {
        var fields = new Dictionary<string, string?> { ["key"] = "PLAT-1", ["summary"] = "Fix login", ["description"] = null };
        Assert.Equal("PLAT-1: Fix login", TextTemplate.Render("{key}: {summary}\n{description}\n({unknown})", fields));
    }

    [Fact]
    public void Pipeline_configuration_is_read_in_either_case_style_and_falls_back_on_bad_values()
    {
        var settings = Reader.Parse("""
            {"indexing": {"chunkSize": 400, "sources": [
                {"table": "work_items", "template": "{key} {summary}", "collection": "tickets"},
                {"table": "pull_requests", "enabled": false},
                {"table": "customer_notes", "chunk_overlap": 9999},
                {"table": "integrations"},
                {"table": "Robert'); DROP TABLE x;--"}]}}
            """);

        var work = settings.Find("work_items")!;
        Assert.Equal(("{key} {summary}", "tickets", 400), (work.Template, work.Collection, work.ChunkSize));
        Assert.Null(settings.Find("pull_requests"));
        Assert.NotNull(settings.Find("content_metadata"));
        var notes = settings.Find("customer_notes")!;
        Assert.Equal((false, null, 100), (notes.IsBuiltIn, notes.Template, notes.ChunkOverlap));
        Assert.Null(settings.Find("integrations"));
        Assert.Equal(3, settings.Notes.Count);

        var broken = Reader.Parse("{not json");
        Assert.Equal(BuiltInSources.Tables, broken.Sources.Select(s => s.Table));
        Assert.Contains("not valid JSON", Assert.Single(broken.Notes));
        Assert.Equal(3, Reader.Parse(null).Sources.Count);
    }

    [Fact]
    public void The_document_the_preferences_page_saves_is_the_pipeline_the_indexer_runs()
    {
        var saved = PipelineSources.DefaultPipeline();
        saved.ChunkSize = 600;
        saved.ChunkOverlap = 300;
        saved.Tables.RemoveAll(t => t.SourceTable == BuiltInSources.PullRequests); // "Stop vectorizing pull_requests"
        var work = saved.Tables.Single(t => t.SourceTable == BuiltInSources.WorkItems);
        work.Template = "{key}: {summary} ({project})";
        work.TargetCollection = "tickets";
        var preferences = TenantPreferences.Defaults();
        preferences.Pipeline = saved;
        Assert.Empty(PreferencesValidator.Validate(preferences, []));

        var settings = Reader.Parse(PreferenceDocuments.Write(saved));

        Assert.Empty(settings.Notes);
        Assert.Equal([BuiltInSources.Content, BuiltInSources.WorkItems], settings.Sources.Select(s => s.Table));
        var read = settings.Find(BuiltInSources.WorkItems)!;
        Assert.Equal(("{key}: {summary} ({project})", "tickets", 600, 300), (read.Template, read.Collection, read.ChunkSize, read.ChunkOverlap));
    }

    [Fact]
    public void The_pages_default_pipeline_is_the_one_the_indexer_uses_while_nothing_is_saved()
    {
        var unsaved = Reader.Parse(null);
        var shown = Reader.Parse(PreferenceDocuments.Write(PipelineSources.DefaultPipeline()));

        Assert.Equal(unsaved.Sources, shown.Sources);
        var preferences = TenantPreferences.Defaults();
        Assert.Empty(PreferencesValidator.Validate(preferences, []));
    }

    [Theory]
    [InlineData(512, 1024, 512)] // a remote provider taking 1024 per request: the cap decides
    [InlineData(512, 64, 64)]    // one call is one of its requests (timeout and rate limit per request)
    [InlineData(16, 1024, 16)]
    [InlineData(512, 0, 1)]      // a misconfigured batch size still embeds, one chunk at a time
    public void An_embedding_call_is_at_most_one_request_of_the_primary_integration(int cap, int providerBatch, int expected)
    {
        var options = new IndexingOptions { EmbedBatchSize = cap };
        var primary = Pulse.Core.Providers.Local.LocalHashingEmbedder.CreateSpec() with
        {
            Kind = Pulse.Core.Providers.ProviderKind.OpenAI,
            Performance = new Pulse.Core.Providers.PerformanceConfig(BatchSize: providerBatch),
        };

        Assert.Equal(expected, BatchEmbedder.CallSize(options, primary));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(1024)]
    public void The_built_in_embedder_sends_no_requests_so_only_the_cap_sizes_its_calls(int configuredBatch)
    {
        var local = Pulse.Core.Providers.Local.LocalHashingEmbedder.CreateSpec() with
        {
            Performance = new Pulse.Core.Providers.PerformanceConfig(BatchSize: configuredBatch),
        };
        Assert.Equal(512, BatchEmbedder.CallSize(new IndexingOptions(), local));
        Assert.Equal(512, BatchEmbedder.CallSize(new IndexingOptions(), Pulse.Core.Integrations.BuiltInEmbeddingChainResolver.BuiltIn));
    }
}
