using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Providers;

namespace Pulse.Core.Integrations;

/// <summary>
/// The deployment's text-embeddings-inference server (<c>Pulse:Providers:EmbeddingServerUrl</c>) as each tenant's
/// managed Sentence Transformers integration: created the first time a tenant's integrations are read or resolved,
/// kept pointing at the configured URL, and the tenant's default embedding integration. It has no fallback: the
/// built-in lexical embedder is another vector space and must not be mixed in.
/// </summary>
public sealed class EmbeddingServerIntegration(IOptions<IntegrationsOptions> options)
{
    /// <summary>The managed integration's name.</summary>
    public const string Name = "Sentence Transformers (all-MiniLM-L6-v2, 384)";

    /// <summary>The model the compose stack serves.</summary>
    public const string Model = "sentence-transformers/all-MiniLM-L6-v2";

    /// <summary>Its vector length.</summary>
    public const int Dimension = 384;

    /// <summary>The configured server, or null when none is.</summary>
    public string? ServerUrl => string.IsNullOrWhiteSpace(options.Value.EmbeddingServerUrl) ? null : options.Value.EmbeddingServerUrl.Trim();

    /// <summary>True when a server is configured.</summary>
    public bool IsConfigured => ServerUrl is not null;

    /// <summary>
    /// Makes sure <paramref name="rows"/> (the tenant's integrations, tracked by <paramref name="db"/>) contain the managed
    /// integration when a server is configured; returns it, or null when no server is configured.
    /// </summary>
    public async Task<Integration?> EnsureAsync(PulseDbContext db, int tenantId, List<Integration> rows, CancellationToken cancellationToken)
    {
        if (ServerUrl is not string url) return null;
        if (Current(rows) is { } current) return current;
        var row = rows.FirstOrDefault(IntegrationMapping.IsManaged) ?? rows.FirstOrDefault(r => r.IntegrationName == Name);
        if (row is null)
        {
            row = new Integration { TenantId = tenantId };
            IntegrationMapping.Apply(Spec(url), active: true, row, managed: true);
            db.Integrations.Add(row);
        }
        else
        {
            row.BaseUrl = url;
            IntegrationMapping.Apply(IntegrationMapping.ToSpec(row) with { BaseUrl = url }, row.Active, row, managed: true);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another request created it at the same moment: use theirs.
            db.Entry(row).State = EntityState.Detached;
            row = await db.Integrations.SingleAsync(i => i.TenantId == tenantId && i.IntegrationName == Name, cancellationToken);
        }

        if (!rows.Contains(row)) rows.Add(row);
        return row;
    }

    /// <summary>The managed integration among <paramref name="rows"/> when it exists and points at the configured server; else null.</summary>
    public Integration? Current(IEnumerable<Integration> rows)
    {
        if (ServerUrl is not string url) return null;
        var list = rows as IReadOnlyCollection<Integration> ?? rows.ToList();
        var row = list.FirstOrDefault(IntegrationMapping.IsManaged) ?? list.FirstOrDefault(r => r.IntegrationName == Name);
        return row is not null && row.BaseUrl == url && IntegrationMapping.IsManaged(row) ? row : null;
    }

    private IntegrationSpec Spec(string url) => new()
    {
        Id = 0,
        Name = Name,
        Kind = ProviderKind.SentenceTransformers,
        Subtype = ProviderSubtype.Embedding,
        BaseUrl = url,
        Model = Model,
        Dimension = Dimension,
        Performance = new PerformanceConfig(TimeoutSeconds: 30, BatchSize: Math.Max(1, options.Value.EmbeddingServerBatchSize), MaxRetries: 2),
        Cost = CostConfig.Free,
    };
}
