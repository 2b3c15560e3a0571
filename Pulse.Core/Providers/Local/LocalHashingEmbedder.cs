using System.Globalization;
using System.Numerics.Tensors;
using System.Text;

namespace Pulse.Core.Providers.Local;

/// <summary>
/// The built-in embedder: lexical, not neural. It hashes word unigrams, word bigrams and
/// character 3-5-grams of each word into a fixed number of signed buckets and L2-normalises
/// the result. Texts sharing words or word pieces score close; synonyms do not. It needs no
/// network and no key, and gives the same vector for the same text in every process, so it
/// serves the no-network default, tests and a last-resort fallback between its own kind.
/// </summary>
public sealed class LocalHashingEmbedder : IEmbeddingClient
{
    /// <summary>The label the portal shows, which says plainly what this is.</summary>
    public const string DisplayLabel = "Built-in lexical embedder (feature hashing, not neural)";

    /// <summary>The model name in specs and usage rows; bump the version if the features change.</summary>
    public const string ModelName = "pulse-lexical-hashing-v1";

    /// <summary>The default vector length.</summary>
    public const int DefaultDimension = 384;

    private const float WordWeight = 1.0f;
    private const float BigramWeight = 0.7f;
    private const int MinGram = 3;
    private const int MaxGram = 5;

    /// <summary>An embedder of <paramref name="dimension"/> buckets (the integration id is 0).</summary>
    public LocalHashingEmbedder(int dimension = DefaultDimension)
        : this(CreateSpec(dimension))
    {
    }

    /// <summary>An embedder for a configured integration; its dimension defaults to 384.</summary>
    public LocalHashingEmbedder(IntegrationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Dimension = spec.Dimension ?? DefaultDimension;
        ArgumentOutOfRangeException.ThrowIfLessThan(Dimension, 8, nameof(spec));
        Spec = spec;
    }

    /// <inheritdoc />
    public IntegrationSpec Spec { get; }

    /// <summary>Length of every vector.</summary>
    public int Dimension { get; }

    /// <summary>A spec for the built-in embedder with the given dimension.</summary>
    public static IntegrationSpec CreateSpec(int dimension = DefaultDimension, int id = 0, string name = DisplayLabel) => new()
    {
        Id = id,
        Name = name,
        Kind = ProviderKind.LocalHashing,
        Subtype = ProviderSubtype.Embedding,
        Model = ModelName,
        Dimension = dimension,
        Performance = new PerformanceConfig(TimeoutSeconds: 30, BatchSize: 1024, MaxRetries: 0),
    };

    /// <inheritdoc />
    public Task<EmbeddingResponse> EmbedAsync(IReadOnlyList<string> inputs, ProviderCredential? credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var vectors = new float[inputs.Count][];
        var words = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            vectors[i] = Embed(inputs[i]);
            words += TokenEstimator.CountWords(inputs[i]);
        }

        return Task.FromResult(new EmbeddingResponse(vectors, TokenUsage.Estimate(words), ModelName));
    }

    /// <summary>
    /// The vector of one text: unit length, or all zeros for a text without a letter or digit
    /// (there is nothing to point in any direction).
    /// </summary>
    public float[] Embed(string? text)
    {
        var features = new Dictionary<string, float>(StringComparer.Ordinal);
        var words = Tokenize(text);
        for (var i = 0; i < words.Count; i++)
        {
            Count(features, "w:" + words[i], WordWeight);
            if (i + 1 < words.Count)
            {
                Count(features, "b:" + words[i] + " " + words[i + 1], BigramWeight);
            }

            AddCharGrams(features, words[i]);
        }

        var vector = new float[Dimension];
        foreach (var (feature, weight) in features)
        {
            Add(vector, feature, Sublinear(weight));
        }

        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }

    // Repeated function words ("the", "of") would otherwise dominate short texts; damping
    // repeats (1 + ln tf, as in classic TF-IDF) keeps content words in charge without an IDF table.
    private static float Sublinear(float weight) => weight <= 1f ? weight : 1f + MathF.Log(weight);

    private static void Count(Dictionary<string, float> features, string feature, float weight) =>
        features[feature] = features.GetValueOrDefault(feature) + weight;

    // A word's grams share one unit of weight so long words do not outvote short ones.
    private static void AddCharGrams(Dictionary<string, float> features, string word)
    {
        var padded = "<" + word + ">";
        var count = 0;
        for (var n = MinGram; n <= MaxGram; n++)
        {
            count += Math.Max(0, padded.Length - n + 1);
        }

        if (count == 0)
        {
            return;
        }

        var weight = 1f / MathF.Sqrt(count);
        for (var n = MinGram; n <= MaxGram; n++)
        {
            for (var start = 0; start + n <= padded.Length; start++)
            {
                Count(features, "c:" + padded.Substring(start, n), weight);
            }
        }
    }

    // Signed hashing: the sign comes from the top bit, the bucket from the rest, so colliding
    // features cancel on average instead of piling up.
    private void Add(float[] vector, string feature, float weight)
    {
        var hash = StableHash.Fnv1a64(feature);
        var bucket = (int)((hash & 0x7FFF_FFFF_FFFF_FFFFUL) % (ulong)Dimension);
        vector[bucket] += (hash >> 63) == 0 ? weight : -weight;
    }

    /// <summary>Lower-cased, accent-folded runs of letters and digits.</summary>
    internal static List<string> Tokenize(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return words;
        }

        var current = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormKD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
