using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Pulse.Core.Indexing;

/// <summary>
/// What the pipeline embeds for a source row and how it recognises the row later: the rendered, chunked text, the content
/// hash (over everything that shapes a point) and the points' payload. Indexing jobs and collection re-indexing share it,
/// so a row re-embedded by a schema rebuild is "unchanged" to the next indexing job.
/// </summary>
internal static class RecordText
{
    /// <summary>The hash covers model, template, chunking and collection, so changing any of them re-embeds the rows.</summary>
    public static string HashPrefix(string model, IndexingSource source, string collectionName) =>
        $"{model}\n{source.Template}\n{source.ChunkSize}/{source.ChunkOverlap}\n{collectionName}\n";

    /// <summary>The row's chunks and hash, as a record to embed (<paramref name="previousChunks"/>: what the ledger had).</summary>
    public static PendingRecord Prepare(IndexingSource source, SourceRow row, string hashPrefix, int maxChunks, int previousChunks)
    {
        var template = source.Template ?? TextTemplate.Generic(row.Fields.Keys.Where(k => k is not ("id" or "tenant_id")));
        var text = TextTemplate.Render(template, row.Fields);
        var chunks = TextChunker.Split(text, source.ChunkSize, source.ChunkOverlap, maxChunks);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hashPrefix + text)));
        return new PendingRecord(row.Id, hash, chunks, previousChunks);
    }

    /// <summary>The payload of one chunk's point.</summary>
    public static JsonObject Payload(int tenantId, IndexingSource source, string model, int recordId, int chunk, string text) => new()
    {
        ["tenant_id"] = tenantId,
        // The name search hydration reads (HitReference) and the qdrant_vectors column use: table_name.
        ["table_name"] = source.Table,
        ["record_id"] = recordId,
        ["chunk_index"] = chunk,
        ["vector_type"] = source.VectorType,
        ["embedding_model"] = model,
        ["text"] = text,
    };
}
