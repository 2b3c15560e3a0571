using Pulse.Core.Demo;

namespace Pulse.Core.Operations.History;

/// <summary>
/// Takes one real health sample while the demo is seeded, so the health page has a first point to show before the
/// sampler's first round. No history is invented: graphs fill as the sampler runs.
/// </summary>
public sealed class HealthHistoryDemoStep(HealthHistorySampler sampler) : IDemoSeedStep
{
    public int Order => 700;

    public Task SeedAsync(IReadOnlyDictionary<string, int> tenantIdsBySlug, CancellationToken cancellationToken) =>
        sampler.SampleOnceAsync(cancellationToken);
}
