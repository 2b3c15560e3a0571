using System.Globalization;
using System.Text.Json;
using Pulse.Core.Providers.Local;
using Pulse.Testing.Http;

namespace Pulse.Core.Tests.Providers.Support;

/// <summary>
/// Protocol-correct answers of the services the clients talk to. Vectors come from the lexical
/// embedder so they are deterministic and meaningful.
/// </summary>
public static class FakeProviderResponses
{
    public static LoopbackResponse OpenAiEmbeddings(RecordedRequest request, int dimension, string model = "text-embedding-3-small", bool includeUsage = true)
    {
        var inputs = Inputs(request.JsonBody(), "input");
        var embedder = new LocalHashingEmbedder(dimension);
        var data = inputs.Select((text, i) => new Dictionary<string, object>
        {
            ["object"] = "embedding",
            ["index"] = i,
            ["embedding"] = embedder.Embed(text),
        });
        var body = new Dictionary<string, object> { ["object"] = "list", ["model"] = model, ["data"] = data };
        var tokens = inputs.Sum(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length) + 1;
        if (includeUsage)
        {
            body["usage"] = new Dictionary<string, int> { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens };
        }

        return LoopbackResponse.Json(JsonSerializer.Serialize(body));
    }

    public static LoopbackResponse TeiEmbed(RecordedRequest request, int dimension, int? computeTokens = null)
    {
        var embedder = new LocalHashingEmbedder(dimension);
        var vectors = Inputs(request.JsonBody(), "inputs").Select(embedder.Embed).ToArray();
        var response = LoopbackResponse.Json(JsonSerializer.Serialize(vectors));
        return computeTokens is int tokens
            ? response with { Headers = new Dictionary<string, string> { ["x-compute-tokens"] = tokens.ToString(CultureInfo.InvariantCulture) } }
            : response;
    }

    public static LoopbackResponse ChatCompletion(string content, int promptTokens = 12, int completionTokens = 3, string model = "gpt-4o-mini", bool includeUsage = true)
    {
        var body = new Dictionary<string, object>
        {
            ["id"] = "chatcmpl-test",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = model,
            ["choices"] = new[]
            {
                new Dictionary<string, object?>
                {
                    ["index"] = 0,
                    ["message"] = new Dictionary<string, object?> { ["role"] = "assistant", ["content"] = content, ["refusal"] = null },
                    ["finish_reason"] = "stop",
                    ["logprobs"] = null,
                },
            },
        };
        if (includeUsage)
        {
            body["usage"] = new Dictionary<string, int>
            {
                ["prompt_tokens"] = promptTokens, ["completion_tokens"] = completionTokens, ["total_tokens"] = promptTokens + completionTokens,
            };
        }

        return LoopbackResponse.Json(JsonSerializer.Serialize(body));
    }

    public static LoopbackResponse OpenAiError(int status, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        LoopbackResponse.Json(JsonSerializer.Serialize(new { error = new { message, type = "server_error", code = (string?)null } }), status)
            with { Headers = headers ?? new Dictionary<string, string>() };

    private static string[] Inputs(JsonElement body, string property)
    {
        var input = body.GetProperty(property);
        return input.ValueKind == JsonValueKind.String
            ? [input.GetString()!]
            : input.EnumerateArray().Select(e => e.GetString()!).ToArray();
    }
}
