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

    /// <summary>A deep copy, so an edit form never changes the loaded original.</summary>
    public TenantPreferences Clone() => new()
    {
        DefaultModels = PreferenceDocuments.Copy(DefaultModels),
        Performance = PreferenceDocuments.Copy(Performance),
        CostLimits = PreferenceDocuments.Copy(CostLimits),
        Pipeline = PreferenceDocuments.Copy(Pipeline),
    };
}
