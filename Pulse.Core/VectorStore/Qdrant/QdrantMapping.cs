using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.VectorStore.Qdrant;

/// <summary>Converts between the store's model and Qdrant's wire shapes.</summary>
internal static class QdrantMapping
{
    public static string Name(Distance distance) => distance.ToString();

    public static Distance ParseDistance(string text) => Enum.TryParse<Distance>(text, ignoreCase: true, out var d)
        ? d
        : throw new VectorStoreException(VectorStoreErrorKind.Internal, $"Qdrant reported an unknown distance '{text}'.");

    public static string Name(PayloadFieldType type) => type.ToString().ToLowerInvariant();

    public static PayloadFieldType ParseFieldType(string text) => Enum.TryParse<PayloadFieldType>(text, ignoreCase: true, out var t)
        ? t
        : throw new VectorStoreException(VectorStoreErrorKind.Internal, $"Qdrant reported an unknown payload index type '{text}'.");

    public static JsonObject? Filter(Filter? filter) => filter is null || filter.MatchesAll ? null : FilterJson.ToJson(filter);

    public static CreateCollectionDto CreateCollection(CollectionDefinition d) => new(
        new VectorParamsDto(d.VectorSize, Name(d.Distance)),
        d.Hnsw is { } h ? new HnswDto(h.M, h.EfConstruct, h.FullScanThreshold, h.OnDisk) : null,
        d.Optimizers is { } o ? new OptimizersDto(o.DeletedThreshold, o.VacuumMinVectorNumber, o.DefaultSegmentNumber, o.IndexingThreshold) : null,
        d.OnDiskPayload);

    public static CollectionInfo Info(string name, CollectionInfoDto dto)
    {
        var vectors = dto.Config.Params.Vectors as JsonObject
            ?? throw new VectorStoreException(VectorStoreErrorKind.Internal, $"Qdrant reported no vector parameters for '{name}'.");
        if (!vectors.ContainsKey("size"))
        {
            // Named vectors: Pulse collections use one unnamed vector, so report the first one.
            vectors = vectors.Select(p => p.Value).OfType<JsonObject>().FirstOrDefault() ?? vectors;
        }

        var definition = new CollectionDefinition((int)(vectors["size"]?.GetValue<long>() ?? 0), ParseDistance(vectors["distance"]?.GetValue<string>() ?? ""))
        {
            Hnsw = dto.Config.HnswConfig is { } h ? new HnswSettings { M = h.M, EfConstruct = h.EfConstruct, FullScanThreshold = h.FullScanThreshold, OnDisk = h.OnDisk } : null,
            Optimizers = dto.Config.OptimizerConfig is { } o ? new OptimizerSettings
            {
                DeletedThreshold = o.DeletedThreshold,
                VacuumMinVectorNumber = o.VacuumMinVectorNumber,
                DefaultSegmentNumber = o.DefaultSegmentNumber,
                IndexingThreshold = o.IndexingThreshold,
            } : null,
            OnDiskPayload = dto.Config.Params.OnDiskPayload,
        };
        return new CollectionInfo
        {
            Name = name,
            Status = Enum.TryParse<CollectionStatus>(dto.Status, ignoreCase: true, out var s) ? s : CollectionStatus.Red,
            PointsCount = dto.PointsCount ?? 0,
            IndexedVectorsCount = dto.IndexedVectorsCount ?? 0,
            SegmentsCount = dto.SegmentsCount,
            Config = definition,
            PayloadSchema = (dto.PayloadSchema ?? []).ToDictionary(p => p.Key, p => ParseFieldType(p.Value.DataType)),
        };
    }

    /// <summary>The single unnamed vector of a <c>VectorStructOutput</c>, or null when there is none.</summary>
    public static float[]? Vector(JsonNode? node) => node switch
    {
        JsonArray array when array.All(v => v is JsonValue) => [.. array.Select(v => v!.GetValue<float>())],
        JsonObject named when named.Count > 0 => Vector(named[""] ?? named.First().Value),
        _ => null,
    };

    public static SnapshotInfo Snapshot(SnapshotDescriptionDto dto) => new(
        dto.Name,
        DateTimeOffset.TryParse(dto.CreationTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null,
        dto.Size,
        dto.Checksum);

    public static JsonObject? Payload(JsonObject? payload, bool wanted) => wanted ? payload ?? [] : null;

    public static string Path(string collection, string rest = "") =>
        $"collections/{Uri.EscapeDataString(collection)}{rest}";

    public static string Wait(bool wait) => wait ? "?wait=true" : "?wait=false";

    public static JsonSerializerOptions Json => QdrantTransport.Json;
}
