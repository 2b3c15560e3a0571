using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pulse.Core.Collections;
using Pulse.Core.Tenancy;
using Pulse.Testing.Postgres;
using static Pulse.Core.VectorStore.Filters.Condition;
using Filter = Pulse.Core.VectorStore.Filters.Filter;

namespace Pulse.Core.Tests.Collections;

/// <summary>Exports stream a collection page by page as JSON Lines or CSV.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CollectionExporterTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private CollectionsHost _host = null!;

    public async Task InitializeAsync() => _host = await CollectionsHost.StartAsync(postgres);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_filtered_export_writes_one_json_line_per_matching_point_across_scroll_pages()
    {
        var name = await _host.SeedAsync(_host.TenantA, "docs", 900);
        var exporter = _host.AsOps(_host.TenantA).Get<CollectionExporter>();
        using var output = new MemoryStream();
        var reported = new List<long>();

        var written = await exporter.ExportAsync(name, Filter.All(Match("color", "red")), ExportFormat.JsonLines, output, withVectors: true,
            new InlineProgress(reported));

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(300, written);
        Assert.Equal(300, lines.Length);
        Assert.All(lines, l => Assert.Equal("red", (string?)JsonNode.Parse(l)!["payload"]!["color"]));
        Assert.Equal(4, JsonNode.Parse(lines[0])!["vector"]!.AsArray().Count);
        Assert.Equal([256L, 300L], reported);
    }

    [Fact]
    public async Task A_csv_export_has_a_header_of_payload_fields_and_quotes_nested_values_and_analysts_may_not_export()
    {
        var name = await _host.SeedAsync(_host.TenantA, "docs", 3);
        using var output = new MemoryStream();

        await _host.AsOps(_host.TenantA).Get<CollectionExporter>().ExportAsync(name, null, ExportFormat.Csv, output);
        var analyst = _host.AsAnalyst(_host.TenantA).Get<CollectionExporter>();

        var rows = Encoding.UTF8.GetString(output.ToArray()).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,author,color,n,tags", rows[0]);
        Assert.Equal("1,\"{\"\"name\"\":\"\"a1\"\"}\",green,1,\"[\"\"t1\"\"]\"", rows[1]);
        Assert.Equal(4, rows.Length);
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => analyst.ExportAsync(name, null, ExportFormat.Csv, new MemoryStream()));
    }

    [Fact]
    public async Task Every_export_is_audited_with_its_filter_and_points_written_including_one_cancelled_midway()
    {
        var name = await _host.SeedAsync(_host.TenantA, "docs", 900);
        var exporter = _host.AsOps(_host.TenantA).Get<CollectionExporter>();
        var red = Filter.All(Match("color", "red"));

        Assert.Equal(300, await exporter.CountAsync(name, red));
        await exporter.ExportAsync(name, red, ExportFormat.Csv, new MemoryStream());
        using var cancel = new CancellationTokenSource();
        var reported = new List<long>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => exporter.ExportAsync(name, null, ExportFormat.JsonLines, new MemoryStream(),
            progress: new InlineProgress(reported, cancel.Cancel), cancellationToken: cancel.Token));

        await using var db = _host.AdminDb();
        var rows = await db.AuditLog.Where(a => a.Action == "collection.export" && a.Target == name).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(_host.TenantA, r.TenantId));
        var filtered = JsonNode.Parse(rows[0].Details)!;
        Assert.Equal("csv", (string?)filtered["format"]);
        Assert.Contains("\"red\"", (string?)filtered["filter"]);
        Assert.Equal(300, (long)filtered["points"]!);
        Assert.True((bool)filtered["finished"]!);
        var cancelled = JsonNode.Parse(rows[1].Details)!;
        Assert.Null(cancelled["filter"]);
        Assert.Equal(256, (long)cancelled["points"]!);
        Assert.False((bool)cancelled["finished"]!);
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => _host.AsAnalyst(_host.TenantA).Get<CollectionExporter>().CountAsync(name, null));
    }

    private sealed class InlineProgress(List<long> sink, Action? then = null) : IProgress<long>
    {
        public void Report(long value)
        {
            sink.Add(value);
            then?.Invoke();
        }
    }
}
