using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Providers;

namespace Pulse.Core.Preferences;

/// <summary>Reads and writes the preference documents of one tenant through a context the caller scoped.</summary>
internal static class PreferencesStore
{
    public static async Task<TenantPreferences> LoadAsync(PulseDbContext db, int tenantId, CancellationToken cancellationToken)
    {
        var rows = await db.AiPreferences.AsNoTracking().Where(p => p.TenantId == tenantId)
            .ToDictionaryAsync(p => p.PreferenceType, p => p.Configuration, cancellationToken);
        var pipeline = await db.AiConfigurations.AsNoTracking()
            .Where(c => c.TenantId == tenantId && c.ConfigCategory == PreferenceDocuments.PipelineCategory)
            .Select(c => c.Configuration).FirstOrDefaultAsync(cancellationToken);
        return new TenantPreferences
        {
            DefaultModels = PreferenceDocuments.Read<DefaultModelsPreference>(rows.GetValueOrDefault(PreferenceDocuments.DefaultModelsType)),
            Performance = PreferenceDocuments.Read<PerformancePreference>(rows.GetValueOrDefault(PreferenceDocuments.PerformanceType)),
            CostLimits = PreferenceDocuments.Read<CostLimitsPreference>(rows.GetValueOrDefault(PreferenceDocuments.CostLimitsType)),
            Pipeline = pipeline is null ? PipelineSources.DefaultPipeline() : PreferenceDocuments.Read<PipelineConfiguration>(pipeline),
        };
    }

    public static async Task<CostLimitsPreference> LoadCostLimitsAsync(PulseDbContext db, int tenantId, CancellationToken cancellationToken) =>
        PreferenceDocuments.Read<CostLimitsPreference>(await DocumentAsync(db, tenantId, PreferenceDocuments.CostLimitsType, cancellationToken));

    public static async Task<PerformancePreference> LoadPerformanceAsync(PulseDbContext db, int tenantId, CancellationToken cancellationToken) =>
        PreferenceDocuments.Read<PerformancePreference>(await DocumentAsync(db, tenantId, PreferenceDocuments.PerformanceType, cancellationToken));

    public static async Task<DefaultModelsPreference> LoadDefaultModelsAsync(PulseDbContext db, int tenantId, CancellationToken cancellationToken) =>
        PreferenceDocuments.Read<DefaultModelsPreference>(await DocumentAsync(db, tenantId, PreferenceDocuments.DefaultModelsType, cancellationToken));

    private static Task<string?> DocumentAsync(PulseDbContext db, int tenantId, string type, CancellationToken cancellationToken) =>
        db.AiPreferences.AsNoTracking().Where(p => p.TenantId == tenantId && p.PreferenceType == type)
            .Select(p => p.Configuration).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The tenant's enabled AI integrations of the embedding and LLM subtypes.</summary>
    public static async Task<IReadOnlyList<IntegrationOption>> IntegrationOptionsAsync(PulseDbContext db, int tenantId, CancellationToken cancellationToken)
    {
        var rows = await db.Integrations.AsNoTracking()
            .Where(i => i.TenantId == tenantId && i.Active && i.IntegrationType == "ai_provider"
                && (i.IntegrationSubtype == "embedding" || i.IntegrationSubtype == "llm"))
            .OrderBy(i => i.IntegrationName)
            .Select(i => new { i.Id, i.IntegrationName, i.IntegrationSubtype, i.Provider })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new IntegrationOption(r.Id, r.IntegrationName,
            r.IntegrationSubtype == "llm" ? ProviderSubtype.Llm : ProviderSubtype.Embedding, ProviderNames.ParseProvider(r.Provider))).ToList();
    }

    /// <summary>Adds or updates the four documents on <paramref name="db"/>'s pending changes.</summary>
    public static async Task StageAsync(PulseDbContext db, int tenantId, TenantPreferences preferences, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = await db.AiPreferences.Where(p => p.TenantId == tenantId).ToDictionaryAsync(p => p.PreferenceType, cancellationToken);
        foreach (var (type, json) in new[]
        {
            (PreferenceDocuments.DefaultModelsType, PreferenceDocuments.Write(preferences.DefaultModels)),
            (PreferenceDocuments.PerformanceType, PreferenceDocuments.Write(preferences.Performance)),
            (PreferenceDocuments.CostLimitsType, PreferenceDocuments.Write(preferences.CostLimits)),
        })
        {
            if (existing.TryGetValue(type, out var row)) (row.Configuration, row.LastUpdatedAt) = (json, now);
            else db.AiPreferences.Add(new TenantAiPreference { TenantId = tenantId, PreferenceType = type, Configuration = json, CreatedAt = now, LastUpdatedAt = now });
        }
        var pipelineJson = PreferenceDocuments.Write(preferences.Pipeline);
        var pipeline = await db.AiConfigurations.FirstOrDefaultAsync(c => c.TenantId == tenantId && c.ConfigCategory == PreferenceDocuments.PipelineCategory, cancellationToken);
        if (pipeline is not null) (pipeline.Configuration, pipeline.LastUpdatedAt) = (pipelineJson, now);
        else db.AiConfigurations.Add(new TenantAiConfiguration { TenantId = tenantId, ConfigCategory = PreferenceDocuments.PipelineCategory, Configuration = pipelineJson, CreatedAt = now, LastUpdatedAt = now });
    }
}
