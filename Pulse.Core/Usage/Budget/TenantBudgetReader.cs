using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Usage.Budget;

/// <summary>
/// Reads a tenant's monthly budget from its 'cost_limits' preference document. The preferences module owns that
/// document's shape; this reader only looks for a positive number under <c>monthly_budget</c> (or its camel/Pascal
/// case spellings) and treats anything else (no document, bad JSON, zero) as "no budget set".
/// </summary>
public sealed class TenantBudgetReader(PulseDatabase database)
{
    private static readonly string[] Keys = ["monthly_budget", "monthlyBudget", "MonthlyBudget", "monthly_limit"];

    /// <summary>The monthly budget, or null when none is set.</summary>
    public async Task<decimal?> MonthlyBudgetAsync(int tenantId, CancellationToken cancellationToken = default)
    {
        await using var db = new PulseDbContextFactory(database, SystemTenantContext.ForTenant(tenantId)).CreateReadOnlyDbContext();
        var json = await db.AiPreferences.Where(p => p.TenantId == tenantId && p.PreferenceType == "cost_limits")
            .Select(p => p.Configuration).FirstOrDefaultAsync(cancellationToken);
        return Parse(json);
    }

    /// <summary>The alert threshold in percent of the budget (1-100; default 80).</summary>
    public async Task<int> AlertThresholdPercentAsync(int tenantId, CancellationToken cancellationToken = default)
    {
        await using var db = new PulseDbContextFactory(database, SystemTenantContext.ForTenant(tenantId)).CreateReadOnlyDbContext();
        var json = await db.AiPreferences.Where(p => p.TenantId == tenantId && p.PreferenceType == "cost_limits")
            .Select(p => p.Configuration).FirstOrDefaultAsync(cancellationToken);
        return ParseThreshold(json);
    }

    /// <summary>The alert threshold in a cost-limits document (<c>alert_threshold_percent</c>), default 80.</summary>
    public static int ParseThreshold(string? json)
    {
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
            foreach (var key in (string[])["alert_threshold_percent", "alertThresholdPercent", "AlertThresholdPercent"])
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(key, out var value)
                    && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var percent) && percent is >= 1 and <= 100)
                    return percent;
        }
        catch (JsonException)
        {
        }
        return 80;
    }

    /// <summary>The budget in a cost-limits document, or null.</summary>
    public static decimal? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
            foreach (var key in Keys)
            {
                if (!document.RootElement.TryGetProperty(key, out var value)) continue;
                decimal budget;
                if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out budget) && budget > 0) return budget;
                if (value.ValueKind == JsonValueKind.String && decimal.TryParse(value.GetString(), System.Globalization.NumberStyles.Number,
                        System.Globalization.CultureInfo.InvariantCulture, out budget) && budget > 0) return budget;
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
