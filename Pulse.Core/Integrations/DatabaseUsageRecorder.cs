using System.Text.Json;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Integrations;

/// <summary>
/// Writes the chain's usage rows to <c>ai_usage_tracking</c>, each on its own short-lived context pinned to the
/// row's tenant. The built-in embedder (no database id) is stored with a null integration id and provider
/// <c>local_hashing</c>. Details with no column of their own (call id, chain position, attempts, the
/// credential-free error message) go to <c>request_metadata</c>.
/// </summary>
public sealed class DatabaseUsageRecorder(PulseDatabase database) : IUsageRecorder
{
    /// <inheritdoc />
    public async Task RecordAsync(UsageRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var db = new PulseDbContextFactory(database, SystemTenantContext.ForTenant(record.TenantId)).CreateDbContext();
        db.AiUsage.Add(ToRow(record));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The row stored for <paramref name="record"/>.</summary>
    public static AiUsageRecord ToRow(UsageRecord record) => new()
    {
        TenantId = record.TenantId,
        IntegrationId = record.IntegrationId > 0 ? record.IntegrationId : null,
        Provider = ProviderNames.Provider(record.Provider),
        Operation = ProviderNames.Operation(record.Operation),
        ModelName = Truncate(record.Model, 100),
        InputCount = record.InputCount,
        InputTokens = Math.Max(0, record.InputTokens),
        OutputTokens = Math.Max(0, record.OutputTokens),
        TotalTokens = Math.Max(0, record.TotalTokens),
        TokensEstimated = record.TokensEstimated,
        Cost = Math.Max(0m, record.Cost),
        Currency = Truncate(record.Currency, 3) ?? "USD",
        LatencyMs = (int)Math.Clamp(record.LatencyMs, 0, int.MaxValue),
        Success = record.Outcome == UsageOutcome.Success,
        ErrorCategory = record.ErrorCategory?.ToString(),
        FallbackUsed = record.FallbackUsed,
        RequestMetadata = JsonSerializer.Serialize(Metadata(record)),
        CreatedAt = record.StartedAt == default ? DateTimeOffset.UtcNow : record.StartedAt.ToUniversalTime(),
    };

    // cached_inputs only when the embedding cache answered some inputs, so plain calls keep their usual metadata.
    private static Dictionary<string, object?> Metadata(UsageRecord record)
    {
        var metadata = new Dictionary<string, object?>
        {
            ["call_id"] = record.CallId,
            ["integration_name"] = record.IntegrationName,
            ["first_integration_id"] = record.FirstIntegrationId,
            ["chain_position"] = record.ChainPosition,
            ["attempts"] = record.Attempts,
            ["error_message"] = record.ErrorMessage,
        };
        if (record.CachedInputs > 0) metadata["cached_inputs"] = record.CachedInputs;
        return metadata;
    }

    private static string? Truncate(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
