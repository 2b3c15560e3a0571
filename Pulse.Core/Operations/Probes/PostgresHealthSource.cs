using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Operations.Health;

namespace Pulse.Core.Operations.Probes;

/// <summary>PostgreSQL primary and replica: reachable, version, replication lag, and whether reads fell back to the primary.</summary>
public sealed class PostgresHealthSource(PulseDatabase database, IOptions<OperationsOptions> options) : IHealthSource
{
    public const string ComponentName = "PostgreSQL";

    public string Component => ComponentName;

    public async Task<IReadOnlyList<HealthRow>> ProbeAsync(CancellationToken cancellationToken) =>
        [await PrimaryAsync(cancellationToken), await ReplicaAsync(cancellationToken)];

    private async Task<HealthRow> PrimaryAsync(CancellationToken cancellationToken)
    {
        try
        {
            var watch = Stopwatch.StartNew();
            await using var connection = await database.Primary.OpenConnectionAsync(cancellationToken);
            var version = await ScalarAsync<string>(connection, "SHOW server_version", cancellationToken);
            var latency = watch.Elapsed.TotalMilliseconds;
            var streaming = await ScalarAsync<long>(connection, "SELECT count(*) FROM pg_stat_replication", cancellationToken);
            var lag = await ScalarAsync<double?>(connection,
                "SELECT max(extract(epoch FROM replay_lag))::float8 FROM pg_stat_replication", cancellationToken);
            var replicas = streaming == 0 ? "no replica is streaming from it" : $"{streaming} replica(s) streaming";
            return new HealthRow(Component, "Primary", HealthStatus.Green, $"Reachable, PostgreSQL {version}; {replicas}.",
            [
                new("reachable", "Reachable", 1),
                new("latency_ms", "Answer time", Math.Round(latency, 1), "ms"),
                new("streaming_replicas", "Streaming replicas", streaming),
                new("replay_lag_s", "Replay lag (primary's view)", lag is { } l ? Math.Round(l, 2) : null, "s"),
            ]);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or DatabaseUnavailableException)
        {
            return new HealthRow(Component, "Primary", HealthStatus.Red, $"Unreachable: {ex.Message}", [new("reachable", "Reachable", 0)]);
        }
    }

    private async Task<HealthRow> ReplicaAsync(CancellationToken cancellationToken)
    {
        if (!database.HasReplica)
            return new HealthRow(Component, "Replica", HealthStatus.Grey,
                "No replica is configured: dashboards, charts and analytics read from the primary.", [new("reads_on_primary", "Reads on the primary", 1)]);
        try
        {
            await using var connection = await database.Replica!.OpenConnectionAsync(cancellationToken);
            var version = await ScalarAsync<string>(connection, "SHOW server_version", cancellationToken);
            var inRecovery = await ScalarAsync<bool>(connection, "SELECT pg_is_in_recovery()", cancellationToken);
            // An idle primary sends nothing to replay, so "now - last replayed commit" grows without any lag: zero when caught up.
            var lag = await ScalarAsync<double?>(connection, """
                SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                            ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END::float8
                """, cancellationToken);
            var fallBack = database.ReadsFallBackToPrimary;
            var figures = new List<HealthFigure>
            {
                new("lag_s", "Replication lag", lag is { } l ? Math.Round(l, 2) : null, "s"),
                new("reads_on_primary", "Reads on the primary", fallBack ? 1 : 0),
            };
            if (!inRecovery)
                return new HealthRow(Component, "Replica", HealthStatus.Yellow, $"Reachable (PostgreSQL {version}) but not in recovery: it is not a streaming replica, so its data may not follow the primary.", figures);
            if (fallBack)
                return new HealthRow(Component, "Replica", HealthStatus.Yellow, $"Reachable again (PostgreSQL {version}), but reads still fall back to the primary until the next replica check passes.", figures);
            if (lag is { } seconds && seconds > options.Value.ReplicaLagWarning.TotalSeconds)
                return new HealthRow(Component, "Replica", HealthStatus.Yellow, $"Lagging {seconds:0.#} s behind the primary (warning above {options.Value.ReplicaLagWarning.TotalSeconds:0} s); dashboards may show slightly old figures.", figures);
            return new HealthRow(Component, "Replica", HealthStatus.Green, $"Reachable, PostgreSQL {version}, streaming; lag {lag ?? 0:0.##} s. Dashboards and charts read from it.", figures);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return new HealthRow(Component, "Replica", HealthStatus.Red,
                $"Unreachable ({ex.Message}); reads fall back to the primary{(database.ReadsFallBackToPrimary ? "" : " from the next replica check on")}.",
                [new("reads_on_primary", "Reads on the primary", 1)]);
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
