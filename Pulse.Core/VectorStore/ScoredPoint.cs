using System.Text.Json.Nodes;

namespace Pulse.Core.VectorStore;

/// <summary>A query hit. <see cref="Score"/> is a similarity (Cosine, Dot) or a distance (Euclid, Manhattan).</summary>
public sealed record ScoredPoint(PointId Id, float Score, JsonObject? Payload, float[]? Vector);
