namespace Pulse.Core.Tests.VectorStore;

/// <summary>A fact that needs a real Qdrant: skipped, with the reason, unless <c>PULSE_TEST_QDRANT_URL</c> is set.</summary>
public sealed class QdrantFactAttribute : FactAttribute
{
    public const string Variable = "PULSE_TEST_QDRANT_URL";

    public QdrantFactAttribute()
    {
        if (RequiresEnvironmentVariableAttribute.SkipReason(Variable) is { } reason)
        {
            Skip = reason;
        }
    }
}
