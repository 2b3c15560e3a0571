using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Pulse.Core.Data;

namespace Pulse.Portal.Infrastructure;

/// <summary>/readyz: the database was reached and migrated at start-up, and answers now.</summary>
public sealed class DatabaseReadyCheck(PulseDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (database.Status != DatabaseStatus.Ready)
            return HealthCheckResult.Unhealthy(database.StatusMessage ?? database.Status.ToString());
        try
        {
            await using var connection = await database.Primary.OpenConnectionAsync(cancellationToken);
            await using var probe = new NpgsqlCommand("SELECT 1", connection);
            await probe.ExecuteScalarAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL primary is not reachable: {ex.Message}");
        }
        return database.ReadsFallBackToPrimary
            ? HealthCheckResult.Degraded("The read replica is not reachable; reads use the primary.")
            : HealthCheckResult.Healthy("Database reachable and migrated.");
    }
}
