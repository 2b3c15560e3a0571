using Pulse.Testing.OpenApi;

namespace Pulse.Core.Tests.Testing;

public class OpenAiSpecTests
{
    private static OpenApiSpec Spec => PublishedSpecs.OpenAi;

    [SpecFact(SpecsFolder.OpenAi)]
    public void Accepts_an_embeddings_request_under_the_v1_prefix()
    {
        var violations = Spec.ValidateRequest("POST", "/v1/embeddings",
            """{"model":"text-embedding-3-small","input":["a","b"],"encoding_format":"float","dimensions":256}""");

        Assert.Empty(violations);
    }

    [SpecFact(SpecsFolder.OpenAi)]
    public void Rejects_an_embeddings_request_without_input()
    {
        var violations = Spec.ValidateRequest("POST", "/v1/embeddings", """{"model":"text-embedding-3-small"}""");

        Assert.Equal("$: missing required property \"input\"", Assert.Single(violations).ToString());
    }

    [SpecFact(SpecsFolder.OpenAi)]
    public void Rejects_unknown_properties_and_an_empty_input_batch()
    {
        var violations = Spec.ValidateRequest("POST", "/v1/embeddings",
            """{"model":"m","input":[],"encodingFormat":"float"}""").Select(v => v.ToString()).ToList();

        Assert.Contains("$.encodingFormat: property is not allowed (additionalProperties: false)", violations);
        Assert.Contains(violations, v => v.StartsWith("$.input: matches none of the oneOf branches") && v.Contains("minItems 1"));
    }

    [SpecFact(SpecsFolder.OpenAi)]
    public void Accepts_an_embeddings_response_and_rejects_a_string_embedding()
    {
        const string valid = """
            {"object":"list","model":"text-embedding-3-small","usage":{"prompt_tokens":2,"total_tokens":2},
             "data":[{"object":"embedding","index":0,"embedding":[0.1,-0.2]}]}
            """;
        Assert.Empty(Spec.ValidateResponse("POST", "/v1/embeddings", 200, valid));

        var invalid = valid.Replace("[0.1,-0.2]", "\"AAAA\"");
        Assert.Equal("$.data[0].embedding: expected array, got string",
            Assert.Single(Spec.ValidateResponse("POST", "/v1/embeddings", 200, invalid)).ToString());
    }

    [SpecFact(SpecsFolder.OpenAi)]
    public void Accepts_a_chat_completion_request_with_nullable_fields_set_to_null()
    {
        var violations = Spec.ValidateRequest("POST", "/v1/chat/completions",
            """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"temperature":0.2,"seed":null,"n":null}""");

        Assert.Empty(violations);
    }

    [SpecFact(SpecsFolder.OpenAi)]
    public void Does_not_check_a_429_whose_response_reference_the_extract_lacks()
    {
        // The extract keeps "$ref": "#/components/responses/TooManyRequests" but has no components.responses.
        Assert.Empty(Spec.ValidateResponse("POST", "/v1/embeddings", 429, """{"error":{"message":"slow down"}}"""));
    }
}
