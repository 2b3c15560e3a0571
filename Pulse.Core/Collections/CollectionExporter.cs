using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.Collections;

/// <summary>
/// Streams a collection (or the points matching a filter) as JSON Lines or CSV, a scroll page at a time, so an export
/// never holds the collection in memory. Ops and platform admins only; tenant boundaries are <see cref="TenantVectorStore"/>'s.
/// Every export the store answered is written to the audit log when it ends (finished, failed or cancelled) with the points written.
/// </summary>
public sealed class CollectionExporter(TenantVectorStore store, ITenantContext tenant, IPulseDbContextFactory databases)
{
    private const int PageSize = 256;

    /// <summary>Throws what <see cref="ExportAsync"/> would before writing anything: refused role or tenant, or no such collection.</summary>
    public async Task EnsureCanExportAsync(string collectionName, CancellationToken cancellationToken = default)
    {
        CollectionPermissions.RequireManage(tenant, "export collections");
        if (!await store.CollectionExistsAsync(collectionName, cancellationToken)
            && !(await store.ListAliasesAsync(cancellationToken)).Any(a => a.AliasName == collectionName))
        {
            throw new VectorStoreException(VectorStoreErrorKind.NotFound, $"Collection '{collectionName}' does not exist.");
        }
    }

    /// <summary>How many points an export of <paramref name="collectionName"/> (matching <paramref name="filter"/>) would write now.</summary>
    public Task<long> CountAsync(string collectionName, Filter? filter, CancellationToken cancellationToken = default)
    {
        CollectionPermissions.RequireManage(tenant, "export collections");
        return store.CountAsync(collectionName, filter, cancellationToken);
    }

    /// <summary>Writes the export to <paramref name="output"/>; returns how many points were written.</summary>
    /// <param name="collectionName">The collection or alias.</param>
    /// <param name="filter">Only points matching it; null for all.</param>
    /// <param name="format">JSON Lines or CSV.</param>
    /// <param name="output">Where to write (UTF-8, not closed).</param>
    /// <param name="withVectors">Include vectors (JSON Lines only).</param>
    /// <param name="progress">Receives the number of points written after each page.</param>
    /// <param name="cancellationToken">Stops the export between pages.</param>
    public async Task<long> ExportAsync(string collectionName, Filter? filter, ExportFormat format, Stream output, bool withVectors = false,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        CollectionPermissions.RequireManage(tenant, "export collections");
        long written = 0;
        var (started, finished) = (false, false);
        try
        {
            await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
            List<string>? columns = null;
            PointId? offset = null;
            do
            {
                var page = await store.ScrollAsync(collectionName, new ScrollRequest
                {
                    Filter = filter, Offset = offset, Limit = PageSize, WithVector = withVectors && format == ExportFormat.JsonLines,
                }, cancellationToken);
                started = true;
                if (format == ExportFormat.Csv && columns is null)
                {
                    // Columns come from the first page: CSV needs its header before any row.
                    columns = [.. page.Points.SelectMany(p => p.Payload?.Select(kv => kv.Key) ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
                    await writer.WriteLineAsync(string.Join(",", new[] { "id" }.Concat(columns).Select(Csv)));
                }

                foreach (var point in page.Points)
                {
                    await writer.WriteLineAsync(format == ExportFormat.Csv ? CsvRow(point, columns!) : JsonLine(point));
                }

                await writer.FlushAsync(cancellationToken);
                written += page.Points.Count;
                progress?.Report(written);
                offset = page.NextOffset;
            }
            while (offset is not null);

            finished = true;
            return written;
        }
        finally
        {
            // Recorded however the export ended once the store answered (a cancelled or failed download has still let
            // points out); a refused or missing collection let nothing out and is not an export.
            if (started)
            {
                await AuditAsync(collectionName, filter, format, withVectors, written, finished);
            }
        }
    }

    private async Task AuditAsync(string collectionName, Filter? filter, ExportFormat format, bool withVectors, long written, bool finished)
    {
        await using var db = databases.CreateDbContext();
        var owner = CollectionNames.TryParseTenant(collectionName, out var id, out _) ? id : (int?)null;
        AuditWriter.Add(db, "collection.export", collectionName, new
        {
            format = format == ExportFormat.Csv ? "csv" : "jsonl",
            filter = filter is null ? null : FilterJson.ToJsonString(filter),
            vectors = withVectors && format == ExportFormat.JsonLines,
            points = written,
            finished,
        }, owner);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static string JsonLine(PointRecord point)
    {
        var line = new JsonObject { ["id"] = FilterJson.PointIdToJson(point.Id), ["payload"] = point.Payload?.DeepClone() };
        if (point.Vector is { } vector)
        {
            line["vector"] = new JsonArray([.. vector.Select(v => (JsonNode)JsonValue.Create(v))]);
        }

        return line.ToJsonString();
    }

    private static string CsvRow(PointRecord point, List<string> columns) =>
        string.Join(",", new[] { point.Id.ToString() }.Concat(columns.Select(c => Text(point.Payload?[c]))).Select(Csv));

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? string.Create(CultureInfo.InvariantCulture, $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"") : value;
}
