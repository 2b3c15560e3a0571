using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Demo;

namespace Pulse.Core.Usage.Demo;

/// <summary>
/// Demo usage: 90 days of generated history per demo tenant (see <see cref="UsageHistoryGenerator"/>), linked to the
/// tenant's integrations of the same provider when the integrations step created any. Skips a tenant that already
/// has generated rows, so it runs on every start.
/// </summary>
public sealed class UsageDemoSeedStep(PulseDatabase database, TimeProvider clock) : IDemoSeedStep
{
    /// <summary>Demo volume per tenant slug: primary calls on a typical weekday.</summary>
    private static readonly Dictionary<string, int> WeekdayRequests = new() { ["acme"] = 160, ["globex"] = 70 };

    public int Order => 500;

    public async Task SeedAsync(IReadOnlyDictionary<string, int> tenantIdsBySlug, CancellationToken cancellationToken)
    {
        await using var connection = await database.Primary.OpenConnectionAsync(cancellationToken);
        foreach (var (slug, tenantId) in tenantIdsBySlug.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            await using (var exists = new NpgsqlCommand(
                "SELECT EXISTS (SELECT 1 FROM ai_usage_tracking WHERE tenant_id = @t AND request_metadata @> @marker::jsonb)", connection))
            {
                exists.Parameters.AddWithValue("t", tenantId);
                exists.Parameters.AddWithValue("marker", UsageHistoryGenerator.MetadataMarker);
                if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!) continue;
            }
            var integrations = await IntegrationsByProviderAsync(connection, tenantId, cancellationToken);
            var rows = UsageHistoryGenerator.Generate(tenantId, 90, clock.GetUtcNow(), WeekdayRequests.GetValueOrDefault(slug, 60),
                seed: StableSeed(slug), integrations);
            await UsageRowCopier.CopyAsync(connection, rows, cancellationToken);
        }
    }

    private static async Task<Dictionary<string, int>> IntegrationsByProviderAsync(NpgsqlConnection connection, int tenantId, CancellationToken cancellationToken)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand(
            "SELECT provider, id FROM integrations WHERE tenant_id = @t AND provider IS NOT NULL ORDER BY id", connection);
        command.Parameters.AddWithValue("t", tenantId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) map.TryAdd(reader.GetString(0), reader.GetInt32(1));
        return map;
    }

    private static int StableSeed(string slug) => slug.Aggregate(17, (h, c) => unchecked((h * 31) + c));
}
