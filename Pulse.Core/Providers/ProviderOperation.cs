namespace Pulse.Core.Providers;

/// <summary>
/// The operation a usage row is billed under; the wire names match seed 000's
/// <c>ai_usage_tracking.operation</c> values (see <see cref="ProviderNames.Operation"/>).
/// </summary>
public enum ProviderOperation
{
    /// <summary><c>embedding</c></summary>
    Embedding,

    /// <summary><c>text_generation</c></summary>
    TextGeneration,

    /// <summary><c>analysis</c></summary>
    Analysis,
}
