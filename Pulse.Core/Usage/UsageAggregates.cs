using Npgsql;
using NpgsqlTypes;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Usage;

/// <summary>Reads <see cref="UsageSql.Facts"/> from the read source (the replica when healthy).</summary>
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
            await using var command = database.ReadSource.CreateCommand(UsageSql.Facts(query.Granularity, tenantId is not null));
            command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.Date) { Value = query.FromDay });
            command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.Date) { Value = query.ToDay });
            if (tenantId is not null) command.Parameters.Add(new NpgsqlParameter("tenant", NpgsqlDbType.Integer) { Value = tenantId.Value });
            var facts = new List<UsageFact>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var latency = new long[LatencyHistogram.Buckets];
            while (await reader.ReadAsync(cancellationToken))
            {
                var figures = new UsageFigures();
                for (var b = 0; b < latency.Length; b++) latency[b] = reader.GetInt64(17 + b);
                figures.Add(reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(11), reader.GetInt64(12),
                    reader.GetInt64(13), reader.GetInt64(14), reader.GetDecimal(15), reader.GetInt64(16), latency);
                facts.Add(new UsageFact(
                    reader.GetFieldValue<DateOnly>(0), reader.GetInt32(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.GetString(5), reader.GetString(6), reader.GetString(7), figures));
            }
            return new UsageReport(query, tenantId, facts);
        }
        catch (NpgsqlException ex)
        {
            throw new DatabaseUnavailableException($"Usage figures could not be read: {ex.Message}", ex);
        }
    }
}
