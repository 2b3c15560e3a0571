using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Operations.Health;
using Pulse.Core.Providers.Resilience;

namespace Pulse.Core.Operations.Probes;

/// <summary>
/// One row per active AI integration: success rate, p95 latency and calls over the last hour and day (from
/// <c>ai_usage_tracking</c>), the circuit breaker's state and the last error.
/// </summary>
public sealed class IntegrationHealthSource(PulseDatabase database, CircuitBreakerRegistry breakers, TimeProvider time) : IHealthSource
{
    public const string ComponentName = "Integrations";

    private const string Sql = """
        SELECT i.id, i.tenant_id, i.integration_name, t.name,
               count(u.id) FILTER (WHERE u.created_at >= @hour),
               count(u.id) FILTER (WHERE u.created_at >= @hour AND u.success),
               percentile_cont(0.95) WITHIN GROUP (ORDER BY u.latency_ms) FILTER (WHERE u.created_at >= @hour),
               count(u.id),
               count(u.id) FILTER (WHERE u.success),
               percentile_cont(0.95) WITHIN GROUP (ORDER BY u.latency_ms),
               (SELECT e.error_category FROM ai_usage_tracking e WHERE e.integration_id = i.id AND NOT e.success ORDER BY e.created_at DESC LIMIT 1),
               (SELECT e.created_at FROM ai_usage_tracking e WHERE e.integration_id = i.id AND NOT e.success ORDER BY e.created_at DESC LIMIT 1)
        FROM integrations i
        JOIN tenants t ON t.id = i.tenant_id
        LEFT JOIN ai_usage_tracking u ON u.integration_id = i.id AND u.created_at >= @day
        WHERE i.active AND i.integration_type = 'ai_provider'
        GROUP BY i.id, i.tenant_id, i.integration_name, t.name
        ORDER BY t.name, i.integration_name
        """;

    public string Component => ComponentName;

    public async Task<IReadOnlyList<HealthRow>> ProbeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenReadConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.AddWithValue("hour", now.AddHours(-1));
        command.Parameters.AddWithValue("day", now.AddDays(-1));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<HealthRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var usage = new IntegrationUsage(
                reader.GetInt64(4), reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetDouble(6),
                reader.GetInt64(7), reader.GetInt64(8), reader.IsDBNull(9) ? null : reader.GetDouble(9),
                reader.IsDBNull(10) ? null : reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11));
            rows.Add(Row(reader.GetInt32(1), $"{reader.GetString(3)} · {reader.GetString(2)}", usage, breakers.GetSnapshot(reader.GetInt32(0))));
        }

        if (rows.Count == 0)
            rows.Add(new HealthRow(Component, "No integrations", HealthStatus.Grey,
                "No AI integrations are stored: embeddings use the built-in lexical embedder, which needs no network and has no breaker.", []) { IsPlaceholder = true });
        return rows;
    }

    internal static HealthRow Row(int tenantId, string name, IntegrationUsage u, CircuitSnapshot breaker)
    {
        var rateHour = u.CallsHour == 0 ? (double?)null : 100.0 * u.SuccessHour / u.CallsHour;
        var rateDay = u.CallsDay == 0 ? (double?)null : 100.0 * u.SuccessDay / u.CallsDay;
        var lastError = u.LastErrorCategory is null ? "" : $" Last error: {u.LastErrorCategory} at {u.LastErrorAt:yyyy-MM-dd HH:mm} UTC.";
        var (status, reason) = breaker.State switch
        {
            CircuitState.Open => (HealthStatus.Red, $"Circuit breaker open after {breaker.ConsecutiveFailures} consecutive failures: calls are skipped (fallbacks serve) until {breaker.OpenUntil:HH:mm:ss} UTC."),
            CircuitState.HalfOpen => (HealthStatus.Yellow, "Circuit breaker half-open: the next call is a trial that decides whether it closes."),
            _ when rateHour is { } r && u.CallsHour >= 5 && r < 50 => (HealthStatus.Red, $"Only {r:0.#} % of {u.CallsHour} calls succeeded in the last hour."),
            _ when rateHour is { } r && u.CallsHour >= 5 && r < 95 => (HealthStatus.Yellow, $"{r:0.#} % of {u.CallsHour} calls succeeded in the last hour (below 95 %)."),
            _ when u.CallsDay == 0 => (HealthStatus.Grey, "No calls in the last day; breaker closed."),
            _ => (HealthStatus.Green, $"Breaker closed; {rateDay:0.#} % of {u.CallsDay} calls succeeded in the last day."),
        };
        return new HealthRow(ComponentName, name, status, reason + lastError,
        [
            new("success_pct_1h", "Success (1 h)", Round(rateHour), "%"),
            new("p95_ms_1h", "p95 latency (1 h)", Round(u.P95Hour), "ms"),
            new("calls_1h", "Calls (1 h)", u.CallsHour),
            new("success_pct_24h", "Success (24 h)", Round(rateDay), "%"),
            new("p95_ms_24h", "p95 latency (24 h)", Round(u.P95Day), "ms"),
            new("calls_24h", "Calls (24 h)", u.CallsDay),
            new("breaker_open", "Breaker open", breaker.State == CircuitState.Closed ? 0 : 1),
        ], tenantId);
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;

    internal sealed record IntegrationUsage(long CallsHour, long SuccessHour, double? P95Hour, long CallsDay, long SuccessDay, double? P95Day, string? LastErrorCategory, DateTimeOffset? LastErrorAt);
}
