using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Data;
using Pulse.Core.Integrations;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.Indexing;

/// <summary>
/// Decides whether the points of a collection can be re-embedded at a new dimension: they must all come from source rows
/// (the tenant's pipeline sources that target the collection, each point recorded in <c>qdrant_vectors</c>; or the content
/// collection built from <c>content_metadata</c>), and the tenant's default embedding integration must yield the new size,
/// since indexing jobs keep embedding into the collection with it afterwards.
/// </summary>
public sealed class ReindexPlanner(
    PulseDatabase database, IVectorStore store, SourceReader reader, PipelineConfigurationReader configuration, IServiceScopeFactory scopes)
{
    private const string NothingChanged = " Nothing was changed.";

    /// <summary>The plan for <paramref name="collection"/>, live at <paramref name="liveCollection"/>, at <paramref name="dimension"/>.</summary>
    public async Task<ReindexPlan> PlanAsync(string collection, string liveCollection, int dimension, CancellationToken cancellationToken = default)
    {
        var points = await store.CountAsync(liveCollection, null, cancellationToken).ConfigureAwait(false);
        if (!CollectionNames.TryParseTenant(collection, out var tenantId, out _))
        {
            return Refuse(collection, null, dimension,
                $"'{collection}' is a platform collection: its {points:N0} vectors have no source rows in Pulse to re-embed them from, so they cannot be rebuilt at {dimension} dimensions. Load them again from the model that made them into a new collection declared with the new size, or empty this one first." + NothingChanged);
        }

        var settings = await configuration.ReadAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var sources = settings.Sources.Where(s => CollectionNames.ForTenant(tenantId, s.Collection) == collection).ToList();
        var content = false;
        string? refusal;
        if (sources.Count > 0)
        {
            refusal = await PipelineRefusalAsync(tenantId, collection, sources, points, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            content = await IsContentCollectionAsync(tenantId, collection, liveCollection, points, cancellationToken).ConfigureAwait(false);
            refusal = content ? null
                : $"'{collection}' holds {points:N0} vectors that no source fills: no pipeline source of the tenant targets it, and they are not the content collection built from content_metadata, so there are no rows to re-embed them from. Point a source at it in the pipeline configuration and index it, or create a new collection of {dimension} dimensions and fill it from where its vectors came from." + NothingChanged;
        }

        if (refusal is not null) return Refuse(collection, tenantId, dimension, refusal);
        long rows = 0;
        foreach (var table in content ? [BuiltInSources.Content] : sources.Select(s => s.Table))
            rows += await reader.CountAsync(tenantId, table, cancellationToken).ConfigureAwait(false);

        await using var scope = scopes.CreateAsyncScope();
        var chain = await scope.ServiceProvider.GetRequiredService<IIntegrationChainResolver>()
            .ResolveAsync(tenantId, ProviderSubtype.Embedding, null, cancellationToken).ConfigureAwait(false);
        var head = chain.Count > 0 ? chain[0].Spec : null;
        if (head?.Dimension != dimension)
            return Refuse(collection, tenantId, dimension, await IntegrationRefusalAsync(tenantId, collection, dimension, head, cancellationToken).ConfigureAwait(false)) with { Sources = sources, IsContentCollection = content, Rows = rows };
        return new ReindexPlan(collection, tenantId, dimension, sources, content, head, rows, null);
    }

    private async Task<string?> PipelineRefusalAsync(int tenantId, string collection, List<IndexingSource> sources, long points, CancellationToken cancellationToken)
    {
        var recorded = new List<(string Table, string VectorType, long Count)>();
        await using (var command = database.Primary.CreateCommand(
            "SELECT table_name, vector_type, count(*) FROM qdrant_vectors WHERE tenant_id = @t AND qdrant_collection = @c GROUP BY 1, 2 ORDER BY 1, 2"))
        {
            command.Parameters.AddWithValue("t", tenantId);
            command.Parameters.AddWithValue("c", collection);
            await using var rows = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false)) recorded.Add((rows.GetString(0), rows.GetString(1), rows.GetInt64(2)));
        }

        var foreign = recorded.Where(r => !sources.Any(s => s.Table == r.Table && s.VectorType == r.VectorType)).Select(r => r.Table).Distinct().ToList();
        if (foreign.Count > 0)
            return $"'{collection}' holds vectors of {string.Join(", ", foreign)}, which the tenant's pipeline no longer indexes into it, so they cannot be re-embedded. Point those sources back at it, or remove their points, then apply again." + NothingChanged;
        var unrecorded = points - recorded.Sum(r => r.Count);
        return unrecorded <= 0 ? null
            : $"{unrecorded:N0} of the {points:N0} vectors in '{collection}' are recorded nowhere in qdrant_vectors (written outside the indexing pipeline, or drift), so they cannot be re-embedded. Run Reconcile and Repair on the Indexing page (repair removes such points), then apply again." + NothingChanged;
    }

    private async Task<bool> IsContentCollectionAsync(int tenantId, string collection, string live, long points, CancellationToken cancellationToken)
    {
        await using (var command = database.Primary.CreateCommand("SELECT EXISTS (SELECT 1 FROM qdrant_vectors WHERE tenant_id = @t AND qdrant_collection = @c)"))
        {
            command.Parameters.AddWithValue("t", tenantId);
            command.Parameters.AddWithValue("c", collection);
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!) return false;
        }

        // ContentCollectionBuilder's points: seed 003's payload (content_id) naming a content_metadata row, every one of them.
        var built = Filter.All(Condition.Match("table_name", BuiltInSources.Content), Filter.NoneOf(Condition.IsEmpty("content_id")));
        return points > 0 && await store.CountAsync(live, built, cancellationToken).ConfigureAwait(false) == points;
    }

    private async Task<string> IntegrationRefusalAsync(int tenantId, string collection, int dimension, IntegrationSpec? head, CancellationToken cancellationToken)
    {
        var known = new List<IntegrationSpec>();
        if (head is not null) known.Add(head);
        await using (var db = new PulseDbContext(database.PrimaryOptions, SystemTenantContext.ForTenant(tenantId)))
        {
            var rows = await db.Integrations.AsNoTracking().Where(i => i.TenantId == tenantId && i.Active).ToListAsync(cancellationToken).ConfigureAwait(false);
            known.AddRange(rows.Where(IntegrationMapping.IsProvider).Select(IntegrationMapping.ToSpec)
                .Where(s => s.Subtype == ProviderSubtype.Embedding && known.All(k => k.Id != s.Id)));
        }

        if (known.All(k => k.Id != BuiltInEmbeddingChainResolver.BuiltInId)) known.Add(BuiltInEmbeddingChainResolver.BuiltIn);
        var list = string.Join(", ", known.Select(k => $"'{k.Name}' ({k.Model}, {Dims(k.Dimension)})"));
        var match = known.FirstOrDefault(k => k.Dimension == dimension);
        var todo = match is not null
            ? $"Make '{match.Name}' the default embedding integration, then apply again."
            : $"Add an embedding integration of {dimension} dimensions and make it the default (the built-in lexical embedder can be added as an integration of any size from 8 to 16,384 dimensions), then apply again.";
        var now = head is null ? "the tenant has none" : $"the default, '{head.Name}', yields {Dims(head.Dimension)}";
        return $"Re-embedding '{collection}' needs {dimension}-dimensional vectors from the tenant's default embedding integration (indexing jobs go on embedding into it with the default), but {now}. Embedding integrations: {list}. {todo}" + NothingChanged;
    }

    private static string Dims(int? dimension) => dimension is { } d ? d.ToString(CultureInfo.InvariantCulture) + " dims" : "dimension unknown";

    private static ReindexPlan Refuse(string collection, int? tenantId, int dimension, string refusal) =>
        new(collection, tenantId, dimension, [], false, null, 0, refusal);

}
