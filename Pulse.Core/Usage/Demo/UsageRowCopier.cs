using Npgsql;
using NpgsqlTypes;
using Pulse.Core.Data.Entities;

namespace Pulse.Core.Usage.Demo;

/// <summary>Writes usage rows with binary COPY (the demo seed and the benchmark load thousands at once).</summary>
public static class UsageRowCopier
{
    private const string Copy = """
        COPY ai_usage_tracking (tenant_id, integration_id, provider, operation, model_name, input_count, input_tokens, output_tokens,
            total_tokens, tokens_estimated, cost, currency, latency_ms, success, error_category, fallback_used, request_metadata, created_at)
        FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>Copies <paramref name="rows"/> in one COPY statement; returns the number written.</summary>
    public static async Task<long> CopyAsync(NpgsqlConnection connection, IEnumerable<AiUsageRecord> rows, CancellationToken cancellationToken = default)
    {
        await using var importer = await connection.BeginBinaryImportAsync(Copy, cancellationToken);
        foreach (var r in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(r.TenantId, NpgsqlDbType.Integer, cancellationToken);
            if (r.IntegrationId is { } id) await importer.WriteAsync(id, NpgsqlDbType.Integer, cancellationToken);
            else await importer.WriteNullAsync(cancellationToken);
            await importer.WriteAsync(r.Provider, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(r.Operation, NpgsqlDbType.Varchar, cancellationToken);
            if (r.ModelName is null) await importer.WriteNullAsync(cancellationToken);
            else await importer.WriteAsync(r.ModelName, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(r.InputCount, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(r.InputTokens, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(r.OutputTokens, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(r.TotalTokens, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(r.TokensEstimated, NpgsqlDbType.Boolean, cancellationToken);
            await importer.WriteAsync(r.Cost, NpgsqlDbType.Numeric, cancellationToken);
            await importer.WriteAsync(r.Currency, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(r.LatencyMs, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(r.Success, NpgsqlDbType.Boolean, cancellationToken);
            if (r.ErrorCategory is null) await importer.WriteNullAsync(cancellationToken);
            else await importer.WriteAsync(r.ErrorCategory, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(r.FallbackUsed, NpgsqlDbType.Boolean, cancellationToken);
            await importer.WriteAsync(r.RequestMetadata, NpgsqlDbType.Jsonb, cancellationToken);
            await importer.WriteAsync(r.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        }
        return (long)await importer.CompleteAsync(cancellationToken);
    }
}
