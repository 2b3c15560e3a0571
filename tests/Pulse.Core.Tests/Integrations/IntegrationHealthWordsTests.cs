using Pulse.Core.Integrations;

namespace Pulse.Core.Tests.Integrations;

/// <summary>The grid's "last error" of a usage row that carries only a category (older or imported rows) is in words.</summary>
public sealed class IntegrationHealthWordsTests
{
    [Theory]
    [InlineData("server_error", "the provider had a server error (HTTP 5xx)")]
    [InlineData("ServerError", "the provider had a server error (HTTP 5xx)")]
    [InlineData("rate_limited", "the provider was rate limiting requests (HTTP 429)")]
    [InlineData("timeout", "the provider did not answer in time")]
    [InlineData("WrongDimension", "the provider returned vectors of the wrong dimension")]
    [InlineData("quota_exhausted", "quota exhausted")]
    [InlineData(null, "unknown error")]
    public void A_category_is_described_in_plain_words(string? category, string words) =>
        Assert.Equal(words, IntegrationHealthReader.Describe(category));
}
