using System.Buffers;
using System.Text.Json;

namespace Pulse.Core.Providers.Clients;

/// <summary>
/// Writes and reads the OpenAI embeddings and chat-completions bodies (also spoken by Azure,
/// gateways and TEI's /v1 route). Reading is strict: anything unexpected is a BadResponse,
/// so a half-broken provider is failed over instead of feeding garbage to a vector store.
/// </summary>
internal static class OpenAiJson
{
    public static byte[] EmbeddingRequest(IntegrationSpec spec, IReadOnlyList<string> inputs)
    {
        return Write(w =>
        {
            w.WriteString("model", spec.Model);
            w.WriteStartArray("input");
            foreach (var input in inputs)
            {
                w.WriteStringValue(input);
            }

            w.WriteEndArray();
            w.WriteString("encoding_format", "float");
            if (spec.SendDimensions && spec.Dimension is int d)
            {
                w.WriteNumber("dimensions", d);
            }
        });
    }

    public static byte[] ChatRequest(IntegrationSpec spec, ChatRequest request)
    {
        return Write(w =>
        {
            w.WriteString("model", spec.Model);
            w.WriteStartArray("messages");
            foreach (var message in request.Messages)
            {
                w.WriteStartObject();
                w.WriteString("role", message.Role);
                w.WriteString("content", message.Content);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (request.MaxOutputTokens is int max)
            {
                // Current OpenAI models reject max_tokens; many self-hosted gateways only know it.
                w.WriteNumber(spec.Kind == ProviderKind.Gateway ? "max_tokens" : "max_completion_tokens", max);
            }

            if (request.Temperature is double t)
            {
                w.WriteNumber("temperature", t);
            }
        });
    }

    public static (float[][] Vectors, TokenUsage? Usage, string? Model) ReadEmbeddings(string body, int expected, IntegrationSpec spec)
    {
        return ProviderJson.Read(body, spec, root =>
        {
            var data = ProviderJson.Required(root, "data", JsonValueKind.Array, spec);
            var vectors = new float[expected][];
            foreach (var item in data.EnumerateArray())
            {
                var index = ProviderJson.Required(item, "index", JsonValueKind.Number, spec).GetInt32();
                if (index < 0 || index >= expected || vectors[index] is not null)
                {
                    throw ProviderJson.Bad(spec, $"returned an embedding for input {index}, which was not asked for or came twice");
                }

                vectors[index] = ProviderJson.ReadVector(ProviderJson.Required(item, "embedding", JsonValueKind.Array, spec), spec);
            }

            if (vectors.Any(v => v is null))
            {
                throw ProviderJson.Bad(spec, $"returned {data.GetArrayLength()} embeddings for {expected} inputs");
            }

            TokenUsage? usage = null;
            if (root.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object
                && u.TryGetProperty("prompt_tokens", out var prompt) && prompt.ValueKind == JsonValueKind.Number)
            {
                int? total = u.TryGetProperty("total_tokens", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : null;
                usage = TokenUsage.Reported(prompt.GetInt32(), 0, total);
            }

            return (vectors, usage, ProviderJson.OptionalString(root, "model"));
        });
    }

    public static (string Content, string? FinishReason, TokenUsage? Usage, string? Model) ReadChat(string body, IntegrationSpec spec)
    {
        return ProviderJson.Read(body, spec, root =>
        {
            var choices = ProviderJson.Required(root, "choices", JsonValueKind.Array, spec);
            if (choices.GetArrayLength() == 0)
            {
                throw ProviderJson.Bad(spec, "returned no choices");
            }

            var first = choices[0];
            var message = ProviderJson.Required(first, "message", JsonValueKind.Object, spec);
            var content = ProviderJson.OptionalString(message, "content")
                ?? ProviderJson.OptionalString(message, "refusal")
                ?? throw ProviderJson.Bad(spec, "returned a message without content");

            TokenUsage? usage = null;
            if (root.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object)
            {
                var input = ProviderJson.OptionalInt(u, "prompt_tokens");
                var output = ProviderJson.OptionalInt(u, "completion_tokens");
                if (input is not null || output is not null)
                {
                    usage = TokenUsage.Reported(input ?? 0, output ?? 0, ProviderJson.OptionalInt(u, "total_tokens"));
                }
            }

            return (content, ProviderJson.OptionalString(first, "finish_reason"), usage, ProviderJson.OptionalString(root, "model"));
        });
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
