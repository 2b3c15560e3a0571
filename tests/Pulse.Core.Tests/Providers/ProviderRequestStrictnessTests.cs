using Pulse.Core.Tests.Testing;
using Pulse.Testing.OpenApi;

namespace Pulse.Core.Tests.Providers;

/// <summary>
/// The strict request check the provider protocol tests run under, held to the OpenAI and text-embeddings-inference
/// specifications: the bodies the clients send pass it, and the same bodies with one misspelled key do not. Without this, a
/// schema left open (most are) or combined with allOf/oneOf could let a misspelled key through and the protocol tests would
/// prove less than they say.
/// </summary>
public sealed class ProviderRequestStrictnessTests
{
    private const string Unknown = "no schema that applies here declares it (strict request check)";

    [SpecFact(SpecsFolder.OpenAi)]
    public void An_OpenAI_embeddings_body_passes_as_the_client_writes_it_and_fails_with_a_misspelled_key()
    {
        Assert.Empty(PublishedSpecs.OpenAi.ValidateRequest("POST", "/v1/embeddings",
            """{"model":"text-embedding-3-small","input":["a","b"],"encoding_format":"float","dimensions":8}""", strict: true));

        var violation = Assert.Single(PublishedSpecs.OpenAi.ValidateRequest("POST", "/v1/embeddings",
            """{"model":"text-embedding-3-small","input":["a"],"encoding_format":"float","dimension":8}""", strict: true));
        Assert.Equal("$.dimension", violation.Path); // this schema closes itself (additionalProperties: false); the others do not
    }

    [SpecFact(SpecsFolder.OpenAi)]
    public void An_OpenAI_chat_body_passes_with_either_token_limit_and_fails_with_a_misspelled_key_at_any_depth()
    {
        // max_completion_tokens for OpenAI and Azure; max_tokens (deprecated, still declared) for gateways.
        foreach (var limit in new[] { "max_completion_tokens", "max_tokens" })
        {
            Assert.Empty(PublishedSpecs.OpenAi.ValidateRequest("POST", "/v1/chat/completions",
                $$"""{"model":"gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],"{{limit}}":50,"temperature":0.2}""",
                strict: true));
        }

        var top = Assert.Single(PublishedSpecs.OpenAi.ValidateRequest("POST", "/v1/chat/completions",
            """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"max_token":50}""", strict: true));
        Assert.Equal("$.max_token", top.Path);
        Assert.Contains(Unknown, top.Message, StringComparison.Ordinal);
        Assert.NotEmpty(PublishedSpecs.OpenAi.ValidateRequest("POST", "/v1/chat/completions",
            """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi","speaker":"me"}]}""", strict: true));
    }

    [SpecFact(SpecsFolder.Tei)]
    public void A_TEI_embed_body_passes_as_the_client_writes_it_and_fails_with_a_misspelled_key()
    {
        Assert.Empty(PublishedSpecs.Tei.ValidateRequest("POST", "/embed", """{"inputs":["a","b"],"normalize":true,"truncate":true}""", strict: true));

        var violation = Assert.Single(PublishedSpecs.Tei.ValidateRequest("POST", "/embed", """{"inputs":["a"],"normalise":true,"truncate":true}""", strict: true));
        Assert.Equal("$.normalise", violation.Path);
        Assert.Contains(Unknown, violation.Message, StringComparison.Ordinal);
    }

    [SpecFact(SpecsFolder.Tei)]
    public void A_TEI_openai_route_body_is_held_to_TEI_own_schema()
    {
        Assert.Empty(PublishedSpecs.Tei.ValidateRequest("POST", "/v1/embeddings",
            """{"model":"thenlper/gte-base","input":["a"],"encoding_format":"float"}""", strict: true));

        var violation = Assert.Single(PublishedSpecs.Tei.ValidateRequest("POST", "/v1/embeddings",
            """{"model":"thenlper/gte-base","input":["a"],"encoding":"float"}""", strict: true));
        Assert.Equal("$.encoding", violation.Path);
    }
}
