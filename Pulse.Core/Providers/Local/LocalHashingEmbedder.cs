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

    /// <summary>Texts per batch above which the batch is embedded on several cores.</summary>
    private const int ParallelThreshold = 32;

    // Per-thread scratch: the feature table (64-bit feature hash -> weight) is cleared, not reallocated, per text.
    [ThreadStatic]
    private static Dictionary<ulong, float>? t_features;

    /// <inheritdoc />
    public Task<EmbeddingResponse> EmbedAsync(IReadOnlyList<string> inputs, ProviderCredential? credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var vectors = new float[inputs.Count][];
        var words = new int[inputs.Count];
        if (inputs.Count >= ParallelThreshold && Environment.ProcessorCount > 1)
        {
            // Pure CPU work with no shared state: a large batch is split over the cores, each text on one thread.
            Parallel.For(0, inputs.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                vectors[i] = Embed(inputs[i]);
                words[i] = TokenEstimator.CountWords(inputs[i]);
            });
        }
        else
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                vectors[i] = Embed(inputs[i]);
                words[i] = TokenEstimator.CountWords(inputs[i]);
            }
        }

        return Task.FromResult(new EmbeddingResponse(vectors, TokenUsage.Estimate(words.Sum()), ModelName));
    }

    /// <summary>
    /// The vector of one text: unit length, or all zeros for a text without a letter or digit
    /// (there is nothing to point in any direction).
    /// </summary>
    /// <remarks>
    /// Each feature is the FNV-1a hash of the UTF-8 of its name ("w:" + word, "b:" + word + " " + next word,
    /// "c:" + character gram of "&lt;word&gt;"), computed as a stream over the characters without building the
    /// name. Weights are summed per feature in first-seen order, damped, then added to the signed buckets in that
    /// same order, so the vector is bit-for-bit the one the string-keyed definition gives.
    /// </remarks>
    public float[] Embed(string? text)
    {
        var features = t_features ??= new Dictionary<ulong, float>(256);
        features.Clear(); // a cleared dictionary refills (and enumerates) in insertion order
        var words = Tokenize(text);
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i].AsSpan();
            Count(features, Fnv.Start('w').Append(word).Hash, WordWeight);
            if (i + 1 < words.Count)
            {
                Count(features, Fnv.Start('b').Append(word).Append(' ').Append(words[i + 1].AsSpan()).Hash, BigramWeight);
            }

            AddCharGrams(features, word);
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

    private static void Count(Dictionary<ulong, float> features, ulong feature, float weight)
    {
        ref var total = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(features, feature, out _);
        total += weight;
    }

    // A word's grams share one unit of weight so long words do not outvote short ones.
    // The grams are taken over "<" + word + ">" (the markers tell prefixes and suffixes apart).
    private static void AddCharGrams(Dictionary<ulong, float> features, ReadOnlySpan<char> word)
    {
        var length = word.Length + 2;
        var count = 0;
        for (var n = MinGram; n <= MaxGram; n++)
        {
            count += Math.Max(0, length - n + 1);
        }

        if (count == 0)
        {
            return;
        }

        var weight = 1f / MathF.Sqrt(count);
        for (var n = MinGram; n <= MaxGram; n++)
        {
            for (var start = 0; start + n <= length; start++)
            {
                var gram = Fnv.Start('c');
                for (var k = start; k < start + n; k++)
                {
                    gram = gram.Append(k == 0 ? '<' : k == length - 1 ? '>' : word[k - 1]);
                }

                Count(features, gram.Hash, weight);
            }
        }
    }

    // Signed hashing: the sign comes from the top bit, the bucket from the rest, so colliding
    // features cancel on average instead of piling up.
    private void Add(float[] vector, ulong hash, float weight)
    {
        var bucket = (int)((hash & 0x7FFF_FFFF_FFFF_FFFFUL) % (ulong)Dimension);
        vector[bucket] += (hash >> 63) == 0 ? weight : -weight;
    }

    /// <summary>
    /// FNV-1a 64 over the UTF-8 of a feature name, fed one character at a time. Words hold letters and digits only,
    /// never surrogates, so each character encodes on its own and the hash equals <see cref="StableHash.Fnv1a64(ReadOnlySpan{char})"/>
    /// of the whole name.
    /// </summary>
    private readonly struct Fnv(ulong hash)
    {
        private const ulong OffsetBasis = 14695981039346656037UL;
        private const ulong Prime = 1099511628211UL;

        public ulong Hash { get; } = hash;

        /// <summary>The hash of the prefix "<paramref name="kind"/>:".</summary>
        public static Fnv Start(char kind) => new Fnv(OffsetBasis).Append(kind).Append(':');

        public Fnv Append(ReadOnlySpan<char> text)
        {
            var state = this;
            foreach (var c in text)
            {
                state = state.Append(c);
            }

            return state;
        }

        public Fnv Append(char c)
        {
            var h = Hash;
            if (c < 0x80)
            {
                h = (h ^ c) * Prime;
            }
            else if (c < 0x800)
            {
                h = (h ^ (uint)(0xC0 | (c >> 6))) * Prime;
                h = (h ^ (uint)(0x80 | (c & 0x3F))) * Prime;
            }
            else
            {
                h = (h ^ (uint)(0xE0 | (c >> 12))) * Prime;
                h = (h ^ (uint)(0x80 | ((c >> 6) & 0x3F))) * Prime;
                h = (h ^ (uint)(0x80 | (c & 0x3F))) * Prime;
            }

            return new Fnv(h);
        }
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
        // ASCII is already in normal form KD and has no combining marks; only other text needs folding.
        var folded = System.Text.Ascii.IsValid(text) ? text : text.Normalize(NormalizationForm.FormKD);
        foreach (var c in folded)
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
