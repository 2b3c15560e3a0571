using Pulse.Core.VectorStore;

namespace Pulse.Core.Collections;

/// <summary>What the create dialog asks for. Defaults match seed 003's <c>content_vectors</c> and the local embedder.</summary>
public sealed record CreateCollectionRequest
{
    /// <summary>The tenant's logical name (becomes <c>client_{tenant}_{name}</c>), or the full platform name.</summary>
    public string Name { get; init; } = "";

    /// <summary>Create a platform collection instead of one of the selected tenant's.</summary>
    public bool Platform { get; init; }

    public int VectorSize { get; init; } = 384;
    public Distance Distance { get; init; } = Distance.Cosine;
    public int HnswM { get; init; } = 16;
    public int EfConstruct { get; init; } = 100;

    /// <summary>Keep vectors' HNSW graph and payloads on disk rather than in memory.</summary>
    public bool OnDisk { get; init; }

    /// <summary>Every problem with the numbers, each as a sentence (empty when they are fine).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (VectorSize is < 1 or > 65536)
        {
            problems.Add($"Vector size {VectorSize} is out of range: use 1 to 65536 (the embedding model's dimension).");
        }

        if (HnswM is < 0 or > 128)
        {
            problems.Add($"HNSW m {HnswM} is out of range: use 0 (no graph) to 128; 16 suits most collections.");
        }

        if (EfConstruct is < 4 or > 4096)
        {
            problems.Add($"ef_construct {EfConstruct} is out of range: use 4 to 4096; 100 to 200 is typical.");
        }

        return problems;
    }

    /// <summary>The store definition this request describes.</summary>
    public CollectionDefinition ToDefinition() => new(VectorSize, Distance)
    {
        Hnsw = new HnswSettings { M = HnswM, EfConstruct = EfConstruct, OnDisk = OnDisk },
        OnDiskPayload = OnDisk,
    };
}
