using System.Text.Json.Nodes;

namespace Pulse.Core.VectorStore;

/// <summary>A point to upsert: id, vector and an optional JSON payload.</summary>
public sealed record VectorPoint(PointId Id, float[] Vector, JsonObject? Payload = null);
