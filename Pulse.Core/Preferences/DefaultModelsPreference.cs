namespace Pulse.Core.Preferences;

/// <summary>The 'default_models' preference: the integration a call uses when it names none.</summary>
public sealed class DefaultModelsPreference
{
    public const int CurrentVersion = 1;

    public int SchemaVersion { get; set; } = CurrentVersion;

    /// <summary>An enabled embedding integration of the tenant; null uses the built-in embedder.</summary>
    public int? EmbeddingIntegrationId { get; set; }

    /// <summary>An enabled LLM integration of the tenant; null means none chosen.</summary>
    public int? LlmIntegrationId { get; set; }
}
