using Npgsql;
using NpgsqlTypes;

namespace Pulse.Core.Usage;

/// <summary>
/// The statements of one round trip of <see cref="UsageAggregates"/>, read back in the order they were added.
/// Every batch starts with <see cref="UsageSql.FactSettings"/>.
/// </summary>
internal sealed class UsageFactBatch : IAsyncDisposable
{
    private readonly NpgsqlBatch _batch;
    private NpgsqlDataReader? _reader;
    private bool _started;

    public UsageFactBatch(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _batch = new NpgsqlBatch(connection, transaction);
        foreach (var setting in UsageSql.FactSettings) Add(setting);
    }

    public void Add(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        _batch.BatchCommands.Add(command);
    }

    /// <summary>Whether a day of [from, to) is marked pending (read with <see cref="ReadFlagAsync"/>).</summary>
    public void AddPendingCheck(DateOnly from, DateOnly to, int? tenantId) =>
        Add($"SELECT EXISTS (SELECT 1 FROM ai_usage_rollup_pending WHERE day >= @from AND day < @to {(tenantId is null ? "" : "AND tenant_id = @tenant")})",
            Range(from, to, tenantId));

    /// <summary>The facts of [from, to), settled and pending (read with <see cref="ReadFactsAsync"/>); nothing for an empty range.</summary>
    public void AddFacts(UsageGranularity granularity, DateOnly from, DateOnly to, int? tenantId)
    {
        if (to <= from) return;
        Add(UsageSql.SettledFacts(granularity, tenantId is not null), Range(from, to, tenantId));
        foreach (var setting in UsageSql.PendingFactSettings) Add(setting);
        Add(UsageSql.PendingFacts(granularity, tenantId is not null), Range(from, to, tenantId));
        foreach (var setting in UsageSql.PendingFactSettingsUndone) Add(setting);
    }

    /// <summary>The current names of the tenants and integrations of <paramref name="facts"/> (read with <see cref="ReadNamesAsync"/>).</summary>
    public void AddNames(IEnumerable<UsageFact> facts) =>
        Add("""
            SELECT 0, id, name FROM tenants WHERE id = ANY(@tenants)
            UNION ALL
            SELECT 1, id, integration_name FROM integrations WHERE id = ANY(@integrations)
            """,
            new NpgsqlParameter("tenants", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = facts.Select(f => f.TenantId).Distinct().ToArray() },
            new NpgsqlParameter("integrations", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = facts.Where(f => f.IntegrationId is not null).Select(f => f.IntegrationId!.Value).Distinct().ToArray() });

    public async Task<UsageFactBatch> ExecuteAsync(CancellationToken cancellationToken)
    {
        _reader = await _batch.ExecuteReaderAsync(cancellationToken);
        return this;
    }

    /// <summary>The closed-days version and the database's UTC day.</summary>
    public async Task<(long Version, DateOnly Today)> ReadStateAsync(CancellationToken cancellationToken)
    {
        var reader = await NextAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) throw new InvalidOperationException("ai_usage_rollup_state has no row.");
        return (reader.GetInt64(0), reader.GetFieldValue<DateOnly>(1));
    }

    public async Task<bool> ReadFlagAsync(CancellationToken cancellationToken)
    {
        var reader = await NextAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && reader.GetBoolean(0);
    }

    /// <summary>The facts of one <see cref="AddFacts"/> (<paramref name="added"/>: whether it added statements).</summary>
    public async Task<UsageFactSet> ReadFactsAsync(bool added, CancellationToken cancellationToken)
    {
        var facts = new UsageFactSet();
        if (!added) return facts;
        for (var statement = 0; statement < 2; statement++)
        {
            var reader = await NextAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) facts.Add(ReadFact(reader));
        }
        return facts;
    }

    public async Task<(Dictionary<int, string> Tenants, Dictionary<int, string?> Integrations)> ReadNamesAsync(CancellationToken cancellationToken)
    {
        var reader = await NextAsync(cancellationToken);
        var (tenants, integrations) = (new Dictionary<int, string>(), new Dictionary<int, string?>());
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetInt32(0) == 0) tenants[reader.GetInt32(1)] = reader.GetString(2);
            else integrations[reader.GetInt32(1)] = reader.IsDBNull(2) ? null : reader.GetString(2);
        }
        return (tenants, integrations);
    }

    public async ValueTask DisposeAsync()
    {
        if (_reader is not null) await _reader.DisposeAsync();
        await _batch.DisposeAsync();
    }

    /// <summary>The next result set with columns (settings statements have none).</summary>
    private async Task<NpgsqlDataReader> NextAsync(CancellationToken cancellationToken)
    {
        var reader = _reader ?? throw new InvalidOperationException("The batch has not run.");
        do
        {
            if (_started && !await reader.NextResultAsync(cancellationToken)) throw new InvalidOperationException("The batch has no more results.");
            _started = true;
        }
        while (reader.FieldCount == 0);
        return reader;
    }

    private static NpgsqlParameter[] Range(DateOnly from, DateOnly to, int? tenantId) =>
    [
        new("from", NpgsqlDbType.Date) { Value = from },
        new("to", NpgsqlDbType.Date) { Value = to },
        .. tenantId is { } id ? [new NpgsqlParameter("tenant", NpgsqlDbType.Integer) { Value = id }] : Array.Empty<NpgsqlParameter>(),
    ];

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
