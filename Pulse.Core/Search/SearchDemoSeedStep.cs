using Pulse.Core.Demo;

namespace Pulse.Core.Search;

/// <summary>
/// Makes sure each demo tenant has a searchable content collection. The collections module may have made it
/// already (it runs first); then nothing is touched.
/// </summary>
internal sealed class SearchDemoSeedStep(ContentCollectionBuilder builder) : IDemoSeedStep
{
    public int Order => 600;

    public async Task SeedAsync(IReadOnlyDictionary<string, int> tenantIdsBySlug, CancellationToken cancellationToken)
    {
        foreach (var tenantId in tenantIdsBySlug.Values)
            await builder.EnsureAsync(tenantId, cancellationToken);
    }
}
