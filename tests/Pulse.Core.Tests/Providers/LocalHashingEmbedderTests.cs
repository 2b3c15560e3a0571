using System.Numerics.Tensors;
using Pulse.Core.Providers;
using Pulse.Core.Providers.Local;

namespace Pulse.Core.Tests.Providers;

public sealed class LocalHashingEmbedderTests
{
    [Fact]
    public void Fnv1a_matches_the_published_test_vectors()
    {
        // From the FNV reference test suite: FNV-1a 64 of "" and of "a".
        Assert.Equal(0xcbf29ce484222325UL, StableHash.Fnv1a64(""));
        Assert.Equal(0xaf63dc4c8601ec8cUL, StableHash.Fnv1a64("a"));
        Assert.Equal(0x85944171f73967e8UL, StableHash.Fnv1a64("foobar"));
    }

    [Fact]
    public void The_same_text_gives_the_same_vector_from_separate_instances()
    {
        var first = new LocalHashingEmbedder().Embed("Quarterly revenue grew by twelve percent");
        var second = new LocalHashingEmbedder().Embed("Quarterly revenue grew by twelve percent");

        Assert.Equal(first, second);
    }

    [Fact]
    public void A_known_text_gives_a_vector_that_does_not_change_between_releases()
    {
        // Stored vectors outlive processes: if this fingerprint moves, bump ModelName.
        var vector = new LocalHashingEmbedder().Embed("hello world");
        var fingerprint = StableHash.Fnv1a64(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()));

        Assert.Equal(384, vector.Length);
        Assert.Equal(GoldenFingerprint, fingerprint);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("A much longer sentence about provider chains, fallbacks and circuit breakers.")]
    [InlineData("Ünïcödé àccents and 数字 123")]
    public void Vectors_have_unit_length(string text)
    {
        var vector = new LocalHashingEmbedder().Embed(text);

        Assert.Equal(1.0f, TensorPrimitives.Norm(vector), 4);
    }

    [Fact]
    public void A_text_without_letters_or_digits_gives_a_zero_vector()
    {
        var vector = new LocalHashingEmbedder().Embed(" ... !!! ");

        Assert.All(vector, v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData("the cat sat on the mat", "a cat was sitting on a mat", "quarterly revenue exceeded the analysts' forecasts")]
    [InlineData("reset my account password", "how do I reset a forgotten password", "the warehouse ships orders every tuesday")]
    [InlineData("invoice payment overdue", "the payment for this invoice is overdue", "kubernetes pod restarted after OOM")]
    public void Similar_texts_score_higher_than_unrelated_ones(string query, string similar, string unrelated)
    {
        var embedder = new LocalHashingEmbedder();
        var q = embedder.Embed(query);

        var similarScore = TensorPrimitives.CosineSimilarity(q, embedder.Embed(similar));
        var unrelatedScore = TensorPrimitives.CosineSimilarity(q, embedder.Embed(unrelated));

        Assert.True(similarScore > unrelatedScore + 0.1f, $"similar {similarScore}, unrelated {unrelatedScore}");
    }

    [Fact]
    public void Accents_and_case_do_not_change_the_vector()
    {
        var embedder = new LocalHashingEmbedder();

        Assert.Equal(embedder.Embed("Café Crème"), embedder.Embed("cafe creme"));
    }

    [Fact]
    public void The_dimension_comes_from_the_integration()
    {
        var embedder = new LocalHashingEmbedder(LocalHashingEmbedder.CreateSpec(dimension: 128));

        Assert.Equal(128, embedder.Embed("any text").Length);
    }

    [Fact]
    public async Task Embedding_counts_words_and_marks_the_count_as_estimated()
    {
        var response = await new LocalHashingEmbedder().EmbedAsync(["one two three", "four five"], null, CancellationToken.None);

        Assert.Equal(2, response.Vectors.Count);
        Assert.Equal(5, response.Usage.InputTokens);
        Assert.True(response.Usage.Estimated);
        Assert.Equal(LocalHashingEmbedder.ModelName, response.Model);
    }

    [Fact]
    public void It_is_labelled_as_lexical_and_not_neural()
    {
        Assert.Contains("not neural", ProviderNames.Label(ProviderKind.LocalHashing));
        Assert.Contains("lexical", LocalHashingEmbedder.DisplayLabel);
    }

    private const ulong GoldenFingerprint = 17602799058167513391UL;
}
