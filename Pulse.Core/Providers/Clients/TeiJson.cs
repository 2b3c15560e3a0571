using System.Buffers;
using System.Text.Json;

namespace Pulse.Core.Providers.Clients;

/// <summary>The text-embeddings-inference <c>/embed</c> body: <c>{"inputs": [...]}</c> in, <c>float[][]</c> out.</summary>
internal static class TeiJson
{
    public static byte[] EmbedRequest(IReadOnlyList<string> inputs)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("inputs");
            foreach (var input in inputs)
            {
                w.WriteStringValue(input);
            }

            w.WriteEndArray();
            w.WriteBoolean("normalize", true);
            // Indexing feeds whole documents; TEI refuses over-long inputs unless told to truncate,
            // and a refusal would fail the batch on every provider of the same model alike.
            w.WriteBoolean("truncate", true);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static float[][] ReadEmbed(string body, int expected, IntegrationSpec spec)
    {
        return ProviderJson.Read(body, spec, root =>
        {
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw ProviderJson.Bad(spec, "answered /embed without a list of embeddings");
            }

            if (root.GetArrayLength() != expected)
            {
                throw ProviderJson.Bad(spec, $"returned {root.GetArrayLength()} embeddings for {expected} inputs");
            }

            return root.EnumerateArray().Select(v => ProviderJson.ReadVector(v, spec)).ToArray();
        });
    }
}
