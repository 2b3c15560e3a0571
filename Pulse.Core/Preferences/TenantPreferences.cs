namespace Pulse.Core.Preferences;

/// <summary>All of a tenant's AI preferences: the three tenant_ai_preferences documents and the pipeline configuration.</summary>
public sealed class TenantPreferences
{
    public DefaultModelsPreference DefaultModels { get; set; } = new();
    public PerformancePreference Performance { get; set; } = new();
    public CostLimitsPreference CostLimits { get; set; } = new();
    public PipelineConfiguration Pipeline { get; set; } = new();

    /// <summary>The defaults a tenant has before anyone saves: no budget, the built-in embedder, the demo tables.</summary>
    public static TenantPreferences Defaults() => new() { Pipeline = PipelineSources.DefaultPipeline() };

    /// <summary>
    /// The stored name of the first document written by a newer version of the portal (its schema_version is beyond the
    /// one this code knows), or null. Saving over such a document would drop what the newer version added.
    /// </summary>
    public string? NewerDocument() =>
        DefaultModels.SchemaVersion > DefaultModelsPreference.CurrentVersion ? PreferenceDocuments.DefaultModelsType
        : Performance.SchemaVersion > PerformancePreference.CurrentVersion ? PreferenceDocuments.PerformanceType
        : CostLimits.SchemaVersion > CostLimitsPreference.CurrentVersion ? PreferenceDocuments.CostLimitsType
        : Pipeline.SchemaVersion > PipelineConfiguration.CurrentVersion ? PreferenceDocuments.PipelineCategory
        : null;

    /// <summary>A deep copy, so an edit form never changes the loaded original.</summary>
    public TenantPreferences Clone() => new()
    {
        DefaultModels = PreferenceDocuments.Copy(DefaultModels),
        Performance = PreferenceDocuments.Copy(Performance),
        CostLimits = PreferenceDocuments.Copy(CostLimits),
        Pipeline = PreferenceDocuments.Copy(Pipeline),
    };
}
