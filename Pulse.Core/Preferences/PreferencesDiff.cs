using System.Globalization;

namespace Pulse.Core.Preferences;

/// <summary>What a save changed, field by field, in the words the page uses.</summary>
public static class PreferencesDiff
{
    /// <summary>The fields whose value differs between <paramref name="before"/> and <paramref name="after"/>.</summary>
    /// <param name="before">The stored preferences.</param>
    /// <param name="after">The edited preferences.</param>
    /// <param name="integrationName">Turns an integration id into its name for the history.</param>
    public static IReadOnlyList<FieldChange> Between(TenantPreferences before, TenantPreferences after, Func<int?, string> integrationName)
    {
        var old = Describe(before, integrationName).ToDictionary(f => (f.Section, f.Field), f => f.Value);
        var now = Describe(after, integrationName).ToDictionary(f => (f.Section, f.Field), f => f.Value);
        var changes = new List<FieldChange>();
        foreach (var key in old.Keys.Concat(now.Keys).Distinct())
        {
            var from = old.GetValueOrDefault(key, "(none)");
            var to = now.GetValueOrDefault(key, "(none)");
            if (from != to) changes.Add(new FieldChange(key.Section, key.Field, from, to));
        }
        return changes;
    }

    private static IEnumerable<(string Section, string Field, string Value)> Describe(TenantPreferences p, Func<int?, string> integrationName)
    {
        const string models = "Default models", perf = "Performance", cost = "Cost limits", pipe = "Pipeline";
        yield return (models, "Embedding integration", integrationName(p.DefaultModels.EmbeddingIntegrationId));
        yield return (models, "LLM integration", integrationName(p.DefaultModels.LlmIntegrationId));
        yield return (perf, "Batch size", N(p.Performance.BatchSize));
        yield return (perf, "Request timeout (s)", N(p.Performance.RequestTimeoutSeconds));
        yield return (perf, "Cache time-to-live (min)", N(p.Performance.CacheTtlMinutes));
        yield return (perf, "Maximum concurrency", N(p.Performance.MaxConcurrency));
        yield return (cost, "Monthly budget", p.CostLimits.HasBudget ? Money(p.CostLimits.MonthlyBudget, p.CostLimits.Currency) : "no budget");
        yield return (cost, "Alert threshold (%)", N(p.CostLimits.AlertThresholdPercent));
        yield return (cost, "Action at the limit", p.CostLimits.ActionAtLimit == BudgetAction.Refuse ? "refuse new AI calls" : "warn only");
        foreach (var cap in p.CostLimits.ProviderCaps)
            yield return (cost, $"Monthly cap for {ProviderCap.LabelOf(cap.Provider)}", Money(cap.MonthlyCap, p.CostLimits.Currency));
        yield return (pipe, "Chunk size", N(p.Pipeline.ChunkSize));
        yield return (pipe, "Chunk overlap", N(p.Pipeline.ChunkOverlap));
        foreach (var table in p.Pipeline.Tables)
        {
            yield return (pipe, $"{table.SourceTable} template", table.Template);
            yield return (pipe, $"{table.SourceTable} collection", table.TargetCollection);
        }
    }

    /// <summary>An amount as the page and history show it, e.g. "50.00 USD".</summary>
    public static string Money(decimal amount, string currency) => $"{amount.ToString("0.00##", CultureInfo.InvariantCulture)} {currency}";

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
