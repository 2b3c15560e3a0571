using System.Data;
using Npgsql;
using NpgsqlTypes;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Usage;

/// <summary>
/// Reads <see cref="UsageSql.SettledFacts"/> and <see cref="UsageSql.PendingFacts"/> from the read source (the
/// replica when healthy) in one snapshot and one round trip, and adds them up per period and key.
/// </summary>
public sealed class UsageAggregates(PulseDatabase database, ITenantContext tenant) : IUsageAggregates
{
    public int? ResolveTenant(int? requestedTenantId)
    {
        if (tenant.IsPlatformAdmin) return requestedTenantId ?? tenant.TenantId;
        var own = tenant.TenantId ?? throw new TenantAccessDeniedException("Usage figures need a tenant, and none is selected.");
        if (requestedTenantId is { } requested && requested != own)
            throw new TenantAccessDeniedException("Access denied: usage of another tenant.");
        return own;
    }

    public async Task<UsageReport> QueryAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        if (query.ToDay <= query.FromDay) throw new ValidationFailedException("The end of the range must be after its start.");
        var tenantId = ResolveTenant(query.TenantId);
        try
        {
            await using var connection = await database.ReadSource.OpenConnectionAsync(cancellationToken);
            // One snapshot for both statements: a rollup run committing between them would otherwise move a day
            // from pending to settled and count it twice or not at all.
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var setting in UsageSql.FactSettings) batch.BatchCommands.Add(new NpgsqlBatchCommand(setting));
            batch.BatchCommands.Add(Command(UsageSql.SettledFacts(query.Granularity, tenantId is not null), query, tenantId));
            foreach (var setting in UsageSql.PendingFactSettings) batch.BatchCommands.Add(new NpgsqlBatchCommand(setting));
            batch.BatchCommands.Add(Command(UsageSql.PendingFacts(query.Granularity, tenantId is not null), query, tenantId));
            var facts = new UsageFactSet();
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
                do
                {
                    while (await reader.ReadAsync(cancellationToken)) facts.Add(ReadFact(reader));
                }
                while (await reader.NextResultAsync(cancellationToken));
            }
            await transaction.CommitAsync(cancellationToken);
            return new UsageReport(query, tenantId, facts.ToList());
        }
        catch (NpgsqlException ex)
        {
            throw new DatabaseUnavailableException($"Usage figures could not be read: {ex.Message}", ex);
        }
    }

    private static NpgsqlBatchCommand Command(string sql, UsageQuery query, int? tenantId)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.Date) { Value = query.FromDay });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.Date) { Value = query.ToDay });
        if (tenantId is not null) command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Integer) { Value = tenantId.Value });
        return command;
    }

    private static UsageFact ReadFact(NpgsqlDataReader reader)
    {
        Span<long> latency = stackalloc long[LatencyHistogram.Buckets];
        for (var b = 0; b < latency.Length; b++) latency[b] = reader.GetInt64(17 + b);
        var figures = new UsageFigures();
        figures.Add(reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(11), reader.GetInt64(12),
            reader.GetInt64(13), reader.GetInt64(14), reader.GetDecimal(15), reader.GetInt64(16), latency);
        return new UsageFact(
            reader.GetFieldValue<DateOnly>(0), reader.GetInt32(1), reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.GetString(5), reader.GetString(6), reader.GetString(7), figures);
    }
}
