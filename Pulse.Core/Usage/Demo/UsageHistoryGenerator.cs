using Pulse.Core.Data.Entities;

namespace Pulse.Core.Usage.Demo;

/// <summary>
/// Generates believable usage history (deterministic for a seed): several providers, models and operations;
/// weekday and office-hour patterns with slow growth; about 1.5% failed calls (zero cost); an afternoon outage of
/// the analysis provider 23 days ago whose calls a fallback served; and one anomalous day 12 days ago when a batch
/// job ran analysis at eight times the usual volume. Every failed attempt and every fallback is its own row,
/// as the provider chain records them.
/// </summary>
public static class UsageHistoryGenerator
{
    private sealed record Profile(string Provider, string Model, string Operation, int Weight, int InMin, int InMax, int OutMin, int OutMax,
        decimal PricePer1KIn, decimal PricePer1KOut, int MedianLatencyMs, int MaxInputs);

    private static readonly Profile[] Profiles =
    [
        new("openai", "text-embedding-3-small", "embedding", 45, 300, 3000, 0, 0, 0.00002m, 0m, 140, 32),
        new("sentence_transformers", "all-MiniLM-L6-v2", "embedding", 20, 200, 2000, 0, 0, 0m, 0m, 35, 64),
        new("openai", "gpt-4o-mini", "text_generation", 20, 400, 2500, 100, 700, 0.00015m, 0.0006m, 900, 1),
        new("azure_openai", "gpt-4o", "analysis", 10, 1500, 6000, 200, 1200, 0.0025m, 0.01m, 2600, 1),
        new("local_hashing", "local-hashing-384", "embedding", 5, 50, 800, 0, 0, 0m, 0m, 4, 16),
    ];

    private static readonly Profile AnalysisFallback = Profiles[2] with { Operation = "analysis" };
    private static readonly string[] Errors = ["timeout", "rate_limited", "server_error"];

    /// <summary>The marker every generated row carries in request_metadata (used to keep seeding idempotent).</summary>
    public const string MetadataMarker = """{"source": "demo"}""";

    /// <summary>
    /// Rows for <paramref name="days"/> UTC days ending with the day of <paramref name="now"/> (no row after it).
    /// <paramref name="weekdayRequests"/> is the typical number of primary calls on a weekday.
    /// </summary>
    public static IEnumerable<AiUsageRecord> Generate(int tenantId, int days, DateTimeOffset now, int weekdayRequests, int seed,
        IReadOnlyDictionary<string, int>? integrationByProvider = null)
    {
        var random = new Random(seed);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        for (var back = days - 1; back >= 0; back--)
        {
            var day = today.AddDays(-back);
            var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var growth = 1.0 + (0.004 * (days - back));
            var count = (int)Math.Round(weekdayRequests * (weekend ? 0.3 : 1.0) * growth * (0.85 + (random.NextDouble() * 0.3)));
            for (var n = 0; n < count; n++)
            {
                var profile = Pick(random);
                var at = Instant(day, random);
                if (at > now) continue;
                foreach (var row in Calls(tenantId, profile, at, random, back, integrationByProvider)) yield return row;
            }
            if (back == 12)
                for (var n = 0; n < count * 0.8; n++) // the anomalous day: a batch job's analysis calls
                {
                    var at = Instant(day, random);
                    if (at <= now) foreach (var row in Calls(tenantId, Profiles[3], at, random, back, integrationByProvider)) yield return row;
                }
        }
    }

    private static IEnumerable<AiUsageRecord> Calls(int tenantId, Profile profile, DateTimeOffset at, Random random, int back,
        IReadOnlyDictionary<string, int>? integrations)
    {
        var outage = back == 23 && profile.Provider == "azure_openai" && at.UtcDateTime.Hour is >= 13 and < 17;
        if (outage || random.NextDouble() < 0.015)
        {
            var error = outage ? "timeout" : Errors[random.Next(Errors.Length)];
            yield return Row(tenantId, profile, at, random, integrations, error, fallback: false);
            if (profile.Operation == "analysis" && (outage || random.NextDouble() < 0.5))
                yield return Row(tenantId, AnalysisFallback, at.AddMilliseconds(error == "timeout" ? 30_000 : 400), random, integrations, null, fallback: true);
            yield break;
        }
        yield return Row(tenantId, profile, at, random, integrations, null, fallback: false);
    }

    private static AiUsageRecord Row(int tenantId, Profile p, DateTimeOffset at, Random random, IReadOnlyDictionary<string, int>? integrations,
        string? error, bool fallback)
    {
        var input = error is null ? random.Next(p.InMin, p.InMax + 1) : 0;
        var output = error is null && p.OutMax > 0 ? random.Next(p.OutMin, p.OutMax + 1) : 0;
        var latency = error switch
        {
            "timeout" => 30_000,
            "rate_limited" => random.Next(40, 200),
            "server_error" => random.Next(300, 1500),
            _ => (int)Math.Max(1, p.MedianLatencyMs * Math.Exp(0.45 * Gaussian(random))),
        };
        return new AiUsageRecord
        {
            TenantId = tenantId,
            IntegrationId = integrations is not null && integrations.TryGetValue(p.Provider, out var id) ? id : null,
            Provider = p.Provider,
            Operation = p.Operation,
            ModelName = p.Model,
            InputCount = error is null ? random.Next(1, p.MaxInputs + 1) : 0,
            InputTokens = input,
            OutputTokens = output,
            TotalTokens = input + output,
            Cost = decimal.Round((input * p.PricePer1KIn / 1000m) + (output * p.PricePer1KOut / 1000m), 8),
            LatencyMs = latency,
            Success = error is null,
            ErrorCategory = error,
            FallbackUsed = fallback,
            RequestMetadata = MetadataMarker,
            CreatedAt = at,
        };
    }

    private static Profile Pick(Random random)
    {
        var roll = random.Next(Profiles.Sum(p => p.Weight));
        foreach (var profile in Profiles)
        {
            if (roll < profile.Weight) return profile;
            roll -= profile.Weight;
        }
        return Profiles[0];
    }

    // Office hours (08-18 UTC) carry most calls.
    private static DateTimeOffset Instant(DateOnly day, Random random)
    {
        var hour = random.NextDouble() < 0.8 ? random.Next(8, 18) : random.Next(0, 24);
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return start.AddHours(hour).AddSeconds(random.Next(3600)).AddMilliseconds(random.Next(1000));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
