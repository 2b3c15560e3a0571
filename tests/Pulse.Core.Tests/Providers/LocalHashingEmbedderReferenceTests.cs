using System.Globalization;
using System.Text;
using System.Numerics.Tensors;
using Pulse.Core.Providers.Local;

namespace Pulse.Core.Tests.Providers;

/// <summary>
/// The built-in embedder's vectors are stored, so a faster implementation must give the same bits as the definition:
/// features named by strings ("w:", "b:", "c:" prefixes), summed per name in first-seen order, damped, hashed with
/// FNV-1a 64 over UTF-8 into signed buckets, L2-normalised. The definition is written out here the plain way and compared
/// bit for bit over generated texts in several scripts, and over batches embedded on several cores.
/// </summary>
public sealed class LocalHashingEmbedderReferenceTests
{
    private static readonly string[] Alphabet =
    [
        "a", "b", "e", "n", "r", "s", "t", "Q", "Z", "0", "7", " ", " ", " ", ",", ".", "-", "\n", "\t",
        "é", "ü", "ß", "Å", "ñ", "ç", "Ø", "е", "ж", "Д", "α", "Ω", "ת", "ع", "中", "文", "日", "本", "ア", "한",
        "e\u0301", "\u00BD", "ﬁ", "😀", "𝔸", "\u200B", "<", ">", "\u0000",
    ];

    [Fact]
    public void Generated_texts_in_several_scripts_give_the_definitions_vector_bit_for_bit()
    {
        var random = new Random(20261207);
        foreach (var dimension in new[] { 8, 384, 1000 })
        {
            var embedder = new LocalHashingEmbedder(dimension);
            for (var t = 0; t < 400; t++)
            {
                var text = Generate(random, random.Next(0, 160));
                AssertBitEqual(Reference(text, dimension), embedder.Embed(text), text);
            }
        }
    }

    [Fact]
    public async Task A_batch_embedded_on_several_cores_matches_one_text_at_a_time_in_order()
    {
        var random = new Random(7);
        var texts = Enumerable.Range(0, 300).Select(i => $"record {i}: " + Generate(random, 80)).ToArray();
        var embedder = new LocalHashingEmbedder();

        var response = await embedder.EmbedAsync(texts, null, CancellationToken.None);

        Assert.Equal(texts.Length, response.Vectors.Count);
        for (var i = 0; i < texts.Length; i++) AssertBitEqual(Reference(texts[i], 384), response.Vectors[i], texts[i]);
        Assert.Equal(texts.Sum(Pulse.Core.Providers.TokenEstimator.CountWords), response.Usage.InputTokens);
    }

    private static string Generate(Random random, int length)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < length; i++) builder.Append(Alphabet[random.Next(Alphabet.Length)]);
        return builder.ToString();
    }

    private static void AssertBitEqual(float[] expected, float[] actual, string text)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"Bucket {i} differs ({expected[i]:R} expected, {actual[i]:R} actual) for text \"{text}\"");
        }
    }

    // The definition, as first written: string features in a string-keyed dictionary.
    private static float[] Reference(string text, int dimension)
    {
        var features = new Dictionary<string, float>(StringComparer.Ordinal);
        var words = ReferenceTokenize(text);
        for (var i = 0; i < words.Count; i++)
        {
            Count(features, "w:" + words[i], 1.0f);
            if (i + 1 < words.Count) Count(features, "b:" + words[i] + " " + words[i + 1], 0.7f);
            var padded = "<" + words[i] + ">";
            var count = 0;
            for (var n = 3; n <= 5; n++) count += Math.Max(0, padded.Length - n + 1);
            if (count == 0) continue;
            var weight = 1f / MathF.Sqrt(count);
            for (var n = 3; n <= 5; n++)
                for (var start = 0; start + n <= padded.Length; start++)
                    Count(features, "c:" + padded.Substring(start, n), weight);
        }

        var vector = new float[dimension];
        foreach (var (feature, total) in features)
        {
            var weight = total <= 1f ? total : 1f + MathF.Log(total);
            var hash = StableHash.Fnv1a64(feature);
            var bucket = (int)((hash & 0x7FFF_FFFF_FFFF_FFFFUL) % (ulong)dimension);
            vector[bucket] += (hash >> 63) == 0 ? weight : -weight;
        }

        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0) TensorPrimitives.Divide(vector, norm, vector);
        return vector;
    }

    private static void Count(Dictionary<string, float> features, string feature, float weight) =>
        features[feature] = features.GetValueOrDefault(feature) + weight;

    private static List<string> ReferenceTokenize(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormKD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(c)) current.Append(char.ToLowerInvariant(c));
            else if (current.Length > 0) { words.Add(current.ToString()); current.Clear(); }
        }
        if (current.Length > 0) words.Add(current.ToString());
        return words;
    }
}
