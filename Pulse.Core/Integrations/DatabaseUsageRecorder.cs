using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Providers;

namespace Pulse.Core.Integrations;

/// <summary>
/// Writes the chain's usage rows to <c>ai_usage_tracking</c>, one INSERT each on the primary. The built-in embedder
/// (no database id) is stored with a null integration id and provider <c>local_hashing</c>. Details with no column of their own (call id, chain position, attempts, the
/// credential-free error message) go to <c>request_metadata</c>.
/// </summary>
public sealed class DatabaseUsageRecorder(PulseDatabase database) : IUsageRecorder
{
    /// <inheritdoc />
    public async Task RecordAsync(UsageRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var row = ToRow(record);
        // One row after every AI call: a plain INSERT on the primary, without a context and its change tracking.
        await using var command = database.Primary.CreateCommand("""
            INSERT INTO ai_usage_tracking (tenant_id, integration_id, provider, operation, model_name, input_count, input_tokens, output_tokens,
                total_tokens, tokens_estimated, cost, currency, latency_ms, success, error_category, fallback_used, request_metadata, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::jsonb, $18)
            """);
        var parameters = command.Parameters;
        parameters.Add(new NpgsqlParameter<int> { TypedValue = row.TenantId });
        parameters.Add(new NpgsqlParameter { Value = (object?)row.IntegrationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = row.Provider });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = row.Operation });
        parameters.Add(new NpgsqlParameter { Value = (object?)row.ModelName ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        parameters.Add(new NpgsqlParameter<int> { TypedValue = row.InputCount });
        parameters.Add(new NpgsqlParameter<int> { TypedValue = row.InputTokens });
        parameters.Add(new NpgsqlParameter<int> { TypedValue = row.OutputTokens });
        parameters.Add(new NpgsqlParameter<int> { TypedValue = row.TotalTokens });
        parameters.Add(new NpgsqlParameter<bool> { TypedValue = row.TokensEstimated });
        parameters.Add(new NpgsqlParameter<decimal> { TypedValue = row.Cost });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = row.Currency });
        parameters.Add(new NpgsqlParameter<int> { TypedValue = row.LatencyMs });
        parameters.Add(new NpgsqlParameter<bool> { TypedValue = row.Success });
        parameters.Add(new NpgsqlParameter { Value = (object?)row.ErrorCategory ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        parameters.Add(new NpgsqlParameter<bool> { TypedValue = row.FallbackUsed });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = row.RequestMetadata });
        parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = row.CreatedAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
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
