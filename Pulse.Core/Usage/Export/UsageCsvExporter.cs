using System.Data;
using Npgsql;
using NpgsqlTypes;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Usage.Export;

/// <summary>
/// Writes usage as CSV: the aggregated view (the same <see cref="UsageReport"/> the page charts) and the raw rows
/// of a range, streamed from the read source row by row so an export of any size runs in constant memory.
/// Tenant scope comes from <see cref="IUsageAggregates.ResolveTenant"/>, never from the caller's parameters alone;
/// only those who review spend (tenant owners and platform admins) may export.
/// </summary>
public sealed class UsageCsvExporter(IUsageAggregates aggregates, PulseDatabase database, ITenantContext caller)
{
    private const string RawSql = """
        SELECT u.id, u.created_at, u.tenant_id, t.name, u.integration_id, i.integration_name, u.provider, u.operation, u.model_name,
               u.input_count, u.input_tokens, u.output_tokens, u.total_tokens, u.tokens_estimated, u.cost, u.currency,
               u.latency_ms, u.success, u.error_category, u.fallback_used, u.request_metadata::text
        FROM ai_usage_tracking u
        JOIN tenants t ON t.id = u.tenant_id
        LEFT JOIN integrations i ON i.id = u.integration_id
        WHERE u.created_at >= @from AND u.created_at < @to {0}
        ORDER BY u.created_at, u.id
        """;

    /// <summary>Header of the aggregated export.</summary>
    public static readonly string AggregatedHeader = CsvCell.Row("period_start", "dimension", "key", "requests", "succeeded", "failed",
        "fallback_served", "input_tokens", "output_tokens", "total_tokens", "cost_usd", "avg_cost_per_request_usd", "p50_latency_ms", "p95_latency_ms");

    /// <summary>Header of the raw export.</summary>
    public static readonly string RawHeader = CsvCell.Row("id", "created_at_utc", "tenant_id", "tenant", "integration_id", "integration", "provider",
        "operation", "model", "input_count", "input_tokens", "output_tokens", "total_tokens", "tokens_estimated", "cost", "currency",
        "latency_ms", "success", "error_category", "fallback_used", "request_metadata");

    /// <summary>One line per period and key of <paramref name="dimension"/>, then one total line per key.</summary>
    public async Task WriteAggregatedAsync(UsageQuery query, UsageDimension dimension, TextWriter writer, CancellationToken cancellationToken = default)
    {
        RequireSpendReviewer();
        var report = await aggregates.QueryAsync(query, cancellationToken);
        await writer.WriteLineAsync(AggregatedHeader.AsMemory(), cancellationToken);
        var name = UsageLabels.Dimension(dimension);
        foreach (var slice in report.Series(dimension))
            await writer.WriteLineAsync(Line(slice.Period!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), name, slice).AsMemory(), cancellationToken);
        foreach (var slice in report.Breakdown(dimension))
            await writer.WriteLineAsync(Line("total", name, slice).AsMemory(), cancellationToken);
    }

    /// <summary>Every raw usage row of the range in scope, oldest first.</summary>
    public async Task<long> WriteRawAsync(UsageQuery query, TextWriter writer, CancellationToken cancellationToken = default)
    {
        RequireSpendReviewer();
        var tenantId = aggregates.ResolveTenant(query.TenantId);
        await using var connection = await database.OpenReadConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, RawSql,
            tenantId is null ? "" : "AND u.tenant_id = @tenant"), connection);
        command.CommandTimeout = 0;
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = query.FromUtc });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = query.ToUtc });
        if (tenantId is not null) command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Integer) { Value = tenantId.Value });
        await writer.WriteLineAsync(RawHeader.AsMemory(), cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        long rows = 0;
        var cells = new string[21];
        while (await reader.ReadAsync(cancellationToken))
        {
            cells[0] = CsvCell.Number(reader.GetInt64(0));
            cells[1] = CsvCell.Instant(reader.GetFieldValue<DateTimeOffset>(1));
            cells[2] = CsvCell.Number(reader.GetInt32(2));
            cells[3] = CsvCell.Text(reader.GetString(3));
            cells[4] = reader.IsDBNull(4) ? "" : CsvCell.Number(reader.GetInt32(4));
            cells[5] = reader.IsDBNull(5) ? "" : CsvCell.Text(reader.GetString(5));
            cells[6] = CsvCell.Text(reader.GetString(6));
            cells[7] = CsvCell.Text(reader.GetString(7));
            cells[8] = reader.IsDBNull(8) ? "" : CsvCell.Text(reader.GetString(8));
            for (var c = 9; c <= 12; c++) cells[c] = CsvCell.Number(reader.GetInt32(c));
            cells[13] = reader.GetBoolean(13) ? "true" : "false";
            cells[14] = CsvCell.Number(reader.GetDecimal(14));
            cells[15] = CsvCell.Text(reader.GetString(15));
            cells[16] = CsvCell.Number(reader.GetInt32(16));
            cells[17] = reader.GetBoolean(17) ? "true" : "false";
            cells[18] = reader.IsDBNull(18) ? "" : CsvCell.Text(reader.GetString(18));
            cells[19] = reader.GetBoolean(19) ? "true" : "false";
            cells[20] = CsvCell.Text(reader.GetString(20));
            await writer.WriteLineAsync(CsvCell.Row(cells).AsMemory(), cancellationToken);
            if (++rows % 1000 == 0) await writer.FlushAsync(cancellationToken);
        }
        return rows;
    }

    private static string Line(string period, string dimension, UsageSlice slice)
    {
        var f = slice.Figures;
        return CsvCell.Row(period, CsvCell.Text(dimension), CsvCell.Text(slice.Label), CsvCell.Number(f.Requests), CsvCell.Number(f.Succeeded),
            CsvCell.Number(f.Failed), CsvCell.Number(f.FallbackServed), CsvCell.Number(f.InputTokens), CsvCell.Number(f.OutputTokens),
            CsvCell.Number(f.TotalTokens), CsvCell.Number(f.Cost), CsvCell.Number(decimal.Round(f.AverageCostPerRequest, 8)),
            CsvCell.Number(f.P50LatencyMs), CsvCell.Number(f.P95LatencyMs));
    }

    private void RequireSpendReviewer()
    {
        if (!caller.IsPlatformAdmin && !caller.Roles.Contains(PulseRoles.TenantOwner))
            throw new TenantAccessDeniedException("Only tenant owners and platform admins can export usage.");
    }
}
