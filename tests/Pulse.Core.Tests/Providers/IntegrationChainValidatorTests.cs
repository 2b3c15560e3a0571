using Pulse.Core.Providers;

namespace Pulse.Core.Tests.Providers;

public sealed class IntegrationChainValidatorTests
{
    private static IntegrationSpec Spec(int id, int? fallback, string model = "text-embedding-3-small", int dimension = 1536,
        ProviderSubtype subtype = ProviderSubtype.Embedding) => new()
    {
        Id = id, Name = $"integration {id}", Kind = ProviderKind.OpenAI, Model = model, Dimension = dimension,
        Subtype = subtype, FallbackIntegrationId = fallback,
    };

    [Fact]
    public void A_chain_of_the_same_model_space_is_followed_to_its_end()
    {
        var specs = new[] { Spec(1, 2), Spec(2, 3), Spec(3, null) }.ToDictionary(s => s.Id);

        var walk = IntegrationChainValidator.Walk(specs[1], id => specs.GetValueOrDefault(id));

        Assert.True(walk.IsValid);
        Assert.Equal([1, 2, 3], walk.Chain.Select(s => s.Id));
    }

    [Fact]
    public void A_loop_is_cut_and_explained()
    {
        var specs = new[] { Spec(1, 2), Spec(2, 1) }.ToDictionary(s => s.Id);

        var walk = IntegrationChainValidator.Walk(specs[1], id => specs.GetValueOrDefault(id));

        Assert.Equal([1, 2], walk.Chain.Select(s => s.Id));
        Assert.Contains("loop", Assert.Single(walk.Problems));
    }

    [Fact]
    public void An_embedding_fallback_of_another_dimension_is_refused_with_the_reason()
    {
        var specs = new[] { Spec(1, 2), Spec(2, null, dimension: 384) }.ToDictionary(s => s.Id);

        var walk = IntegrationChainValidator.Walk(specs[1], id => specs.GetValueOrDefault(id));

        Assert.Equal([1], walk.Chain.Select(s => s.Id));
        Assert.Contains("cannot be compared", Assert.Single(walk.Problems));
    }

    [Fact]
    public void An_llm_fallback_may_use_another_model()
    {
        var specs = new[] { Spec(1, 2, "gpt-4o", 0, ProviderSubtype.Llm), Spec(2, null, "llama-3", 0, ProviderSubtype.Llm) }.ToDictionary(s => s.Id);

        var walk = IntegrationChainValidator.Walk(specs[1], id => specs.GetValueOrDefault(id));

        Assert.True(walk.IsValid);
        Assert.Equal(2, walk.Chain.Count);
    }

    [Fact]
    public void A_missing_fallback_ends_the_chain_with_a_problem()
    {
        var primary = Spec(1, 99);

        var walk = IntegrationChainValidator.Walk(primary, _ => null);

        Assert.Single(walk.Chain);
        Assert.Contains("does not exist", Assert.Single(walk.Problems));
    }

    [Fact]
    public async Task The_in_memory_resolver_never_resolves_another_tenants_integration()
    {
        var resolver = new InMemoryIntegrationChainResolver().Add(1, Spec(10, null)).Add(2, Spec(20, null));

        var chain = await resolver.ResolveAsync(1, ProviderSubtype.Embedding, 20, CancellationToken.None);

        Assert.Empty(chain);
    }
}
