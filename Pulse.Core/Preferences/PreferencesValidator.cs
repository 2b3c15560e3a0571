using System.Text.RegularExpressions;
using Pulse.Core.Providers;

namespace Pulse.Core.Preferences;

/// <summary>The business rules of a tenant's AI preferences; every message names the field and the allowed range.</summary>
public static partial class PreferencesValidator
{
    public const int MaxTimeoutSeconds = 600;
    public const int MaxCacheTtlMinutes = 7 * 24 * 60;
    public const int MaxConcurrency = 64;
    public const int MinChunkSize = 32;
    public const int MaxChunkSize = 8192;

    /// <summary>Every problem with <paramref name="preferences"/>; empty when it may be saved.</summary>
    /// <param name="preferences">The edited preferences.</param>
    /// <param name="integrations">The tenant's enabled AI integrations (the only valid defaults).</param>
    public static IReadOnlyList<PreferenceProblem> Validate(TenantPreferences preferences, IReadOnlyList<IntegrationOption> integrations)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        var problems = new List<PreferenceProblem>();
        var embedding = CheckDefault(problems, "default_models.embedding_integration_id", preferences.DefaultModels.EmbeddingIntegrationId, ProviderSubtype.Embedding, "embedding", integrations);
        CheckDefault(problems, "default_models.llm_integration_id", preferences.DefaultModels.LlmIntegrationId, ProviderSubtype.Llm, "language-model", integrations);
        CheckPerformance(problems, preferences.Performance, embedding);
        CheckCost(problems, preferences.CostLimits);
        CheckPipeline(problems, preferences.Pipeline);
        return problems;
    }

    private static IntegrationOption? CheckDefault(
        List<PreferenceProblem> problems, string field, int? id, ProviderSubtype subtype, string word, IReadOnlyList<IntegrationOption> integrations)
    {
        if (id is null) return null;
        var match = integrations.FirstOrDefault(i => i.Id == id && i.Subtype == subtype);
        if (match is null)
            problems.Add(new(field, $"The default {word} integration must be one of this tenant's enabled {word} integrations; integration {id} is not."));
        return match;
    }

    private static void CheckPerformance(List<PreferenceProblem> problems, PerformancePreference p, IntegrationOption? embedding)
    {
        var limit = ProviderBatchLimits.For(embedding?.Kind);
        var provider = embedding is null ? "the built-in embedder" : embedding.Label;
        if (p.BatchSize < 1 || p.BatchSize > limit)
            problems.Add(new("performance.batch_size", $"Batch size must be between 1 and {limit}, the most {provider} accepts in one request; it is {p.BatchSize}."));
        if (p.RequestTimeoutSeconds < 1 || p.RequestTimeoutSeconds > MaxTimeoutSeconds)
            problems.Add(new("performance.request_timeout_seconds", $"Request timeout must be between 1 and {MaxTimeoutSeconds} seconds; it is {p.RequestTimeoutSeconds}."));
        if (p.CacheTtlMinutes < 0 || p.CacheTtlMinutes > MaxCacheTtlMinutes)
            problems.Add(new("performance.cache_ttl_minutes", $"Cache time-to-live must be between 0 and {MaxCacheTtlMinutes} minutes (a week); it is {p.CacheTtlMinutes}."));
        if (p.MaxConcurrency < 1 || p.MaxConcurrency > MaxConcurrency)
            problems.Add(new("performance.max_concurrency", $"Maximum concurrency must be between 1 and {MaxConcurrency}; it is {p.MaxConcurrency}."));
    }

    private static void CheckCost(List<PreferenceProblem> problems, CostLimitsPreference c)
    {
        if (c.MonthlyBudget < 0)
            problems.Add(new("cost_limits.monthly_budget", $"Monthly budget must be zero (no budget) or more; it is {c.MonthlyBudget}."));
        if (c.AlertThresholdPercent is < 1 or > 100)
            problems.Add(new("cost_limits.alert_threshold_percent", $"Alert threshold must be between 1 and 100 percent; it is {c.AlertThresholdPercent}."));
        if (!Enum.IsDefined(c.ActionAtLimit))
            problems.Add(new("cost_limits.action_at_limit", "Choose what happens at the limit: warn only, or refuse new AI calls."));
        if (c.Currency != "USD")
            problems.Add(new("cost_limits.currency", "Budgets are kept in USD, the currency usage is recorded in."));
        var capped = new HashSet<ProviderKind>();
        foreach (var cap in c.ProviderCaps)
        {
            var kind = ProviderNames.ParseProvider(cap.Provider);
            var field = $"cost_limits.provider_caps.{cap.Provider}";
            if (kind is not { } k || !ProviderCap.CappableProviders.Contains(k))
            {
                problems.Add(new(field, $"'{cap.Provider}' is not a provider a cap can be set on; choose one of "
                    + string.Join(", ", ProviderCap.CappableProviders.Select(ProviderNames.Label)) + "."));
                continue;
            }
            var label = ProviderNames.Label(k);
            if (!capped.Add(k))
                problems.Add(new(field, $"{label} has two caps; keep one."));
            if (cap.MonthlyCap <= 0)
                problems.Add(new(field, $"The monthly cap for {label} must be more than zero (remove the cap for no limit); it is {cap.MonthlyCap}."));
        }
    }

    private static void CheckPipeline(List<PreferenceProblem> problems, PipelineConfiguration p)
    {
        if (p.ChunkSize < MinChunkSize || p.ChunkSize > MaxChunkSize)
            problems.Add(new("pipeline.chunk_size", $"Chunk size must be between {MinChunkSize} and {MaxChunkSize} characters; it is {p.ChunkSize}."));
        if (p.ChunkOverlap < 0 || p.ChunkOverlap > PipelineConfiguration.MaxOverlap(p.ChunkSize))
            problems.Add(new("pipeline.chunk_overlap",
                $"Chunk overlap must be zero or more and at most half the chunk size ({PipelineConfiguration.MaxOverlap(p.ChunkSize)} of {p.ChunkSize}); it is {p.ChunkOverlap}."));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in p.Tables)
        {
            var field = $"pipeline.tables.{table.SourceTable}";
            var columns = PipelineSources.Columns(table.SourceTable);
            if (columns is null)
            {
                problems.Add(new(field, $"'{table.SourceTable}' is not a source table; choose one of {string.Join(", ", PipelineSources.Tables)}."));
                continue;
            }
            if (!seen.Add(table.SourceTable))
                problems.Add(new(field, $"{table.SourceTable} is listed twice; keep one entry per table."));
            CheckTemplate(problems, field + ".template", table, columns);
            if (string.IsNullOrWhiteSpace(table.TargetCollection))
                problems.Add(new(field + ".target_collection", $"Choose the target collection for {table.SourceTable}."));
            else if (!LogicalCollection().IsMatch(table.TargetCollection))
                problems.Add(new(field + ".target_collection",
                    $"Target collection '{table.TargetCollection}' for {table.SourceTable} must be 1–60 lower-case letters, digits, '_' or '-', starting with a letter or digit."));
        }
    }

    private static void CheckTemplate(List<PreferenceProblem> problems, string field, PipelineTableSettings table, IReadOnlyList<string> columns)
    {
        if (string.IsNullOrWhiteSpace(table.Template))
        {
            problems.Add(new(field, $"The template for {table.SourceTable} is empty; reference at least one column, e.g. {{{PipelineSources.SuggestedColumn(table.SourceTable)}}}."));
            return;
        }
        var unknown = Placeholder().Matches(table.Template).Select(m => m.Groups[1].Value).Where(c => !columns.Contains(c)).Distinct().ToList();
        foreach (var column in unknown)
            problems.Add(new(field, $"The template for {table.SourceTable} references the unknown column '{column}'; its columns are {string.Join(", ", columns)}."));
        if (unknown.Count == 0 && !Placeholder().IsMatch(table.Template))
            problems.Add(new(field, $"The template for {table.SourceTable} references no column; use placeholders such as {{{PipelineSources.SuggestedColumn(table.SourceTable)}}}."));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,59}$")]
    private static partial Regex LogicalCollection();

    [GeneratedRegex(@"\{([^{}]*)\}")]
    private static partial Regex Placeholder();
}
