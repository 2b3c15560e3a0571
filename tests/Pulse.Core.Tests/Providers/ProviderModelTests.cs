using Pulse.Core.Providers;

namespace Pulse.Core.Tests.Providers;

public sealed class ProviderModelTests
{
    [Fact]
    public void Cost_is_computed_per_thousand_tokens_in_decimal()
    {
        var cost = new CostConfig(PricePer1KInputTokens: 0.00002m, PricePer1KOutputTokens: 0.0006m);

        Assert.Equal(0.00002m * 1.5m + 0.0006m * 0.25m, cost.Compute(1500, 250));
    }

    [Fact]
    public void A_zero_price_costs_zero()
    {
        Assert.Equal(0m, CostConfig.Free.Compute(12345, 678));
    }

    [Fact]
    public void A_credential_never_prints_its_secret()
    {
        var credential = new ProviderCredential("sk-test-secret-123");

        Assert.Equal("[redacted]", credential.ToString());
        Assert.Equal("[redacted]", $"{credential}");
        Assert.DoesNotContain("secret", System.Text.Json.JsonSerializer.Serialize(credential));
        Assert.DoesNotContain("sk-test", new ResolvedIntegration(Spec(), credential).ToString());
    }

    [Fact]
    public void A_spec_prints_header_names_but_not_their_values()
    {
        var spec = Spec() with { ExtraHeaders = new Dictionary<string, string> { ["X-Route"] = "route-token-456" } };

        var text = spec.ToString();

        Assert.Contains("X-Route", text);
        Assert.DoesNotContain("route-token-456", text);
    }

    [Fact]
    public void Azure_usage_is_named_after_the_configured_base_model()
    {
        var spec = Spec() with { Kind = ProviderKind.AzureOpenAI, Model = "my-deployment-model", PricingModel = "text-embedding-3-large" };

        Assert.Equal("text-embedding-3-large", spec.UsageModelName);
    }

    [Fact]
    public void Stored_provider_names_round_trip()
    {
        foreach (var kind in Enum.GetValues<ProviderKind>())
        {
            Assert.Equal(kind, ProviderNames.ParseProvider(ProviderNames.Provider(kind)));
        }
    }

    private static IntegrationSpec Spec() => new() { Id = 1, Name = "OpenAI main", Kind = ProviderKind.OpenAI, Model = "text-embedding-3-small", Dimension = 1536 };
}
