using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Demo;
using Pulse.Core.Providers;
using Pulse.Core.Providers.Local;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Integrations;

/// <summary>
/// Demo integrations per demo tenant: the built-in lexical embedder first (the default, so search and indexing work
/// offline), a disabled OpenAI embedding example with fake keys falling back to an Azure deployment of the same model
/// and dimension, and a disabled gateway LLM. Nothing here is ever contacted in the demo. Idempotent by name.
/// </summary>
public sealed class IntegrationsDemoSeedStep(PulseDatabase database, IntegrationCredentialProtector protector) : IDemoSeedStep
{
    /// <inheritdoc />
    public int Order => 100;

    /// <inheritdoc />
    public async Task SeedAsync(IReadOnlyDictionary<string, int> tenantIdsBySlug, CancellationToken cancellationToken)
    {
        foreach (var (slug, tenantId) in tenantIdsBySlug.OrderBy(t => t.Value))
        {
            await using var db = new PulseDbContextFactory(database, SystemTenantContext.ForTenant(tenantId)).CreateDbContext();
            var names = (await db.Integrations.Select(i => i.IntegrationName).ToListAsync(cancellationToken)).ToHashSet();
            var ids = await db.Integrations.ToDictionaryAsync(i => i.IntegrationName, i => i.Id, cancellationToken);
            // Order matters: fallbacks before the integrations that point at them, the default first of all.
            foreach (var (spec, active, key) in Examples(slug))
            {
                if (names.Contains(spec.Name)) continue;
                var fallback = spec.FallbackIntegrationId is int index ? ids.GetValueOrDefault(Examples(slug)[index].Spec.Name) : (int?)null;
                var row = new Integration { TenantId = tenantId };
                IntegrationMapping.Apply(spec with { FallbackIntegrationId = fallback is > 0 ? fallback : null }, active, row);
                if (key is not null) row.Credentials = protector.Protect(key);
                db.Integrations.Add(row);
                await db.SaveChangesAsync(cancellationToken);
                ids[spec.Name] = row.Id;
            }
        }
    }

    // FallbackIntegrationId here is an index into this list (resolved to the row id when seeding).
    private static List<(IntegrationSpec Spec, bool Active, string? Key)> Examples(string slug)
    {
        var fakeKey = $"sk-demo-{slug}-not-a-real-key-never-sent";
        return
        [
            (LocalHashingEmbedder.CreateSpec() with { Name = "Built-in lexical embedder", Cost = CostConfig.Free }, true, null),
            (new IntegrationSpec
            {
                Id = 0, Name = "Azure OpenAI text-embedding-3-small (West Europe)", Kind = ProviderKind.AzureOpenAI,
                BaseUrl = $"https://{slug}-demo.openai.azure.com", Model = "text-embedding-3-small", PricingModel = "text-embedding-3-small",
                AzureDeployment = "embed-small", AzureApiVersion = "2024-10-21", Dimension = 1536,
                Performance = new PerformanceConfig(TimeoutSeconds: 20, BatchSize: 64, MaxRetries: 2, RequestsPerMinute: 600),
                Cost = new CostConfig(0.00002m, 0m, "USD"),
            }, false, fakeKey),
            (new IntegrationSpec
            {
                Id = 0, Name = "OpenAI text-embedding-3-small", Kind = ProviderKind.OpenAI, BaseUrl = "https://api.openai.com",
                Model = "text-embedding-3-small", Dimension = 1536, FallbackIntegrationId = 1,
                Performance = new PerformanceConfig(TimeoutSeconds: 15, BatchSize: 128, MaxRetries: 2, RequestsPerMinute: 3000),
                Cost = new CostConfig(0.00002m, 0m, "USD"),
            }, false, fakeKey),
            (new IntegrationSpec
            {
                Id = 0, Name = "Team LLM gateway (gpt-4o-mini)", Kind = ProviderKind.Gateway, Subtype = ProviderSubtype.Llm,
                BaseUrl = $"https://llm-gateway.{slug}.example/v1", Model = "gpt-4o-mini", CredentialHeaderName = "X-Api-Key",
                ExtraHeaders = new Dictionary<string, string> { ["X-Team"] = "analytics" },
                Performance = new PerformanceConfig(TimeoutSeconds: 60, BatchSize: 1, MaxRetries: 1),
                Cost = new CostConfig(0.00015m, 0.0006m, "USD"),
            }, false, $"gw-demo-{slug}-not-a-real-key"),
        ];
    }
}
