namespace Pulse.Core.VectorStore;

/// <summary>Qdrant's collection health colour.</summary>
public enum CollectionStatus
{
    /// <summary>All good.</summary>
    Green,

    /// <summary>Optimization is running.</summary>
    Yellow,

    /// <summary>Optimizations are possible but not triggered.</summary>
    Grey,

    /// <summary>Some operations failed and were not recovered.</summary>
    Red,
}
