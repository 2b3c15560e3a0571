using System.Text.Json.Nodes;

namespace Pulse.Core.VectorStore;

/// <summary>A stored point as read back; payload and vector are present only when asked for.</summary>
/// <remarks>For Cosine collections the vector is the normalized one, as Qdrant returns it.</remarks>
public sealed record PointRecord(PointId Id, JsonObject? Payload, float[]? Vector);
