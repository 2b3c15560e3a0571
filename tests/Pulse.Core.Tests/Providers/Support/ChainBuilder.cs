using Pulse.Core.Providers;

namespace Pulse.Core.Tests.Providers.Support;

/// <summary>Registers specs as one tenant's chain, each falling back to the next.</summary>
public static class ChainBuilder
{
    public static (int TenantId, IReadOnlyList<IntegrationSpec> Chain) Register(
        this ProviderTestHost host, ProviderCredential? credential, params IntegrationSpec[] specs)
    {
        var tenantId = TestSpecs.NextId();
        var linked = specs
            .Select((spec, i) => spec with { FallbackIntegrationId = i + 1 < specs.Length ? specs[i + 1].Id : null })
            .ToList();
        foreach (var spec in linked)
        {
            host.Resolver.Add(tenantId, spec, credential);
        }

        return (tenantId, linked);
    }
}
