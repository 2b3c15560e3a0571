using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;

namespace Pulse.Core.Integrations;

/// <summary>Health figures per integration over the last 24 hours, computed in PostgreSQL (percentiles included).</summary>
internal static class IntegrationHealthReader
{
    public static async Task<IReadOnlyDictionary<int, IntegrationHealth>> ReadAsync(PulseDbContext db, int tenantId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        since = since.ToUniversalTime();
        var stats = await db.Database.SqlQuery<StatRow>($"""
            SELECT integration_id AS "IntegrationId", count(*)::int AS "Calls", count(*) FILTER (WHERE success)::int AS "Successes",
                   (percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_ms))::int AS "P95", coalesce(sum(cost), 0) AS "Cost"
            FROM ai_usage_tracking
            WHERE tenant_id = {tenantId} AND created_at >= {since} AND integration_id IS NOT NULL
            GROUP BY integration_id
            """).ToListAsync(cancellationToken);
        var errors = await db.Database.SqlQuery<ErrorRow>($"""
            SELECT DISTINCT ON (integration_id) integration_id AS "IntegrationId", error_category AS "Category",
                   request_metadata->>'error_message' AS "Message", created_at AS "At"
            FROM ai_usage_tracking
            WHERE tenant_id = {tenantId} AND created_at >= {since} AND integration_id IS NOT NULL AND NOT success
            ORDER BY integration_id, created_at DESC, id DESC
            """).ToListAsync(cancellationToken);
        var lastErrors = errors.ToDictionary(e => e.IntegrationId);
        return stats.ToDictionary(s => s.IntegrationId, s =>
        {
            var error = lastErrors.GetValueOrDefault(s.IntegrationId);
            return new IntegrationHealth(s.Calls, s.Successes, s.P95, s.Cost, error is null ? null : error.Message ?? Describe(error.Category), error?.At);
        });
    }

    // A row with no message of its own (older or imported rows) still says what went wrong in words, not as a code.
    internal static string Describe(string? category)
    {
        var key = (category ?? "").Replace("_", "", StringComparison.Ordinal);
        return Enum.TryParse<Pulse.Core.Providers.ProviderErrorCategory>(key, ignoreCase: true, out var known) ? known switch
        {
            Pulse.Core.Providers.ProviderErrorCategory.Timeout => "the provider did not answer in time",
            Pulse.Core.Providers.ProviderErrorCategory.RateLimited => "the provider was rate limiting requests (HTTP 429)",
            Pulse.Core.Providers.ProviderErrorCategory.ServerError => "the provider had a server error (HTTP 5xx)",
            Pulse.Core.Providers.ProviderErrorCategory.BadResponse => "the provider's answer could not be read",
            Pulse.Core.Providers.ProviderErrorCategory.WrongDimension => "the provider returned vectors of the wrong dimension",
            Pulse.Core.Providers.ProviderErrorCategory.Unauthorized => "the provider refused the credentials",
            Pulse.Core.Providers.ProviderErrorCategory.NetworkError => "the provider could not be reached",
            Pulse.Core.Providers.ProviderErrorCategory.CircuitOpen => "skipped while its circuit breaker was open",
            Pulse.Core.Providers.ProviderErrorCategory.BadRequest => "the provider refused the request",
            Pulse.Core.Providers.ProviderErrorCategory.Configuration => "the integration is not configured completely",
            Pulse.Core.Providers.ProviderErrorCategory.Cancelled => "the caller cancelled the request",
            _ => known.ToString(),
        } : string.IsNullOrWhiteSpace(category) ? "unknown error" : category.Replace('_', ' ');
    }

    internal sealed class StatRow
    {
        public int IntegrationId { get; set; }
        public int Calls { get; set; }
        public int Successes { get; set; }
        public int? P95 { get; set; }
        public decimal Cost { get; set; }
    }

    internal sealed class ErrorRow
    {
        public int IntegrationId { get; set; }
        public string? Category { get; set; }
        public string? Message { get; set; }
        public DateTimeOffset At { get; set; }
    }
}
