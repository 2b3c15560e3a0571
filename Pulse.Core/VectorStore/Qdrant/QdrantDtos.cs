using System.Text.Json.Nodes;

namespace Pulse.Core.VectorStore.Qdrant;

// The typed bodies of Qdrant's REST API (v1.19) that the adapter sends and reads. Names map to
// snake_case through the serializer options; nulls are left out so requests carry only what is set.

internal sealed record QdrantEnvelope<T>(T? Result, JsonNode? Status, double? Time);

internal sealed record VectorParamsDto(long Size, string Distance);

internal sealed record HnswDto(int? M, int? EfConstruct, int? FullScanThreshold, bool? OnDisk);

internal sealed record OptimizersDto(double? DeletedThreshold, int? VacuumMinVectorNumber, int? DefaultSegmentNumber, int? IndexingThreshold);

internal sealed record CreateCollectionDto(VectorParamsDto Vectors, HnswDto? HnswConfig, OptimizersDto? OptimizersConfig, bool? OnDiskPayload);

internal sealed record CreateFieldIndexDto(string FieldName, string FieldSchema);

internal sealed record CreateAliasDto(string CollectionName, string AliasName);

internal sealed record DeleteAliasDto(string AliasName);

internal sealed record AliasActionDto(CreateAliasDto? CreateAlias, DeleteAliasDto? DeleteAlias);

internal sealed record ChangeAliasesDto(IReadOnlyList<AliasActionDto> Actions);

internal sealed record PointStructDto(PointId Id, float[] Vector, JsonObject? Payload);

internal sealed record PointsListDto(IReadOnlyList<PointStructDto> Points);

internal sealed record SearchParamsDto(int? HnswEf, bool? Exact);

internal sealed record QueryRequestDto(float[] Query, JsonObject? Filter, SearchParamsDto? Params, float? ScoreThreshold, int Limit, int? Offset, bool WithPayload, bool WithVector);

internal sealed record ScrollRequestDto(PointId? Offset, int Limit, JsonObject? Filter, bool WithPayload, bool WithVector);

internal sealed record CountRequestDto(JsonObject? Filter, bool Exact);

internal sealed record FacetRequestDto(string Key, int Limit, JsonObject? Filter, bool Exact);

internal sealed record FacetValueHitDto(JsonNode Value, long Count);

internal sealed record FacetResponseDto(IReadOnlyList<FacetValueHitDto> Hits);

internal sealed record PointRequestDto(IReadOnlyList<PointId> Ids, bool WithPayload, bool WithVector);

internal sealed record PointIdsDto(IReadOnlyList<PointId> Points);

internal sealed record FilterSelectorDto(JsonObject Filter);

internal sealed record SetPayloadDto(JsonObject Payload, IReadOnlyList<PointId>? Points, JsonObject? Filter);

internal sealed record DeletePayloadDto(IReadOnlyList<string> Keys, IReadOnlyList<PointId>? Points, JsonObject? Filter);

internal sealed record SnapshotRecoverDto(string Location, string? ApiKey);

internal sealed record CollectionNameDto(string Name);

internal sealed record CollectionsDto(IReadOnlyList<CollectionNameDto> Collections);

internal sealed record CollectionExistenceDto(bool Exists);

internal sealed record AliasDescriptionDto(string AliasName, string CollectionName);

internal sealed record AliasesDto(IReadOnlyList<AliasDescriptionDto> Aliases);

internal sealed record CollectionParamsDto(JsonNode? Vectors, bool? OnDiskPayload);

internal sealed record CollectionConfigDto(CollectionParamsDto Params, HnswDto? HnswConfig, OptimizersDto? OptimizerConfig);

internal sealed record PayloadIndexInfoDto(string DataType, long? Points);

internal sealed record CollectionInfoDto(string Status, long? PointsCount, long? IndexedVectorsCount, int SegmentsCount, CollectionConfigDto Config, Dictionary<string, PayloadIndexInfoDto>? PayloadSchema);

internal sealed record ScoredPointDto(PointId Id, float Score, JsonObject? Payload, JsonNode? Vector);

internal sealed record QueryResponseDto(IReadOnlyList<ScoredPointDto> Points);

internal sealed record RecordDto(PointId Id, JsonObject? Payload, JsonNode? Vector);

internal sealed record ScrollResultDto(IReadOnlyList<RecordDto> Points, PointId? NextPageOffset);

internal sealed record CountResultDto(long Count);

internal sealed record UpdateResultDto(long? OperationId, string Status);

internal sealed record SnapshotDescriptionDto(string Name, string? CreationTime, long Size, string? Checksum);

internal sealed record VersionInfoDto(string Title, string Version, string? Commit);

internal sealed record ClusterStatusDto(
    string Status,
    ulong? PeerId,
    IReadOnlyDictionary<string, PeerInfoDto>? Peers,
    RaftInfoDto? RaftInfo,
    ConsensusThreadStatusDto? ConsensusThreadStatus,
    IReadOnlyDictionary<string, MessageSendErrorsDto>? MessageSendFailures);

internal sealed record PeerInfoDto(string Uri);

internal sealed record RaftInfoDto(ulong Term, ulong Commit, int PendingOperations, ulong? Leader, string? Role, bool IsVoter);

internal sealed record ConsensusThreadStatusDto(string ConsensusThreadStatus, string? Err);

internal sealed record MessageSendErrorsDto(int Count, string? LatestError);
