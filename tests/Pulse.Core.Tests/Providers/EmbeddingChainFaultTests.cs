using System.Diagnostics;
using Pulse.Core.Providers;
using Pulse.Core.Tests.Providers.Support;
using Pulse.Testing.Http;

namespace Pulse.Core.Tests.Providers;

/// <summary>
/// Fault injection on real sockets: the chain retries what is transient, falls back on every
/// failure, and writes one usage row per integration considered.
/// </summary>
public sealed class EmbeddingChainFaultTests : IAsyncLifetime
{
    private const string Key = "sk-chain-key-abcdef";
    private readonly ProviderTestHost _host = new(breakerThreshold: 3);
    private LoopbackHttpServer _fallback = null!;

    public async Task InitializeAsync() =>
        _fallback = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 8));

    public async Task DisposeAsync()
    {
        await _fallback.DisposeAsync();
        _host.Dispose();
    }

    [Fact]
    public async Task A_healthy_primary_answers_with_one_complete_usage_row()
    {
        var (tenant, chain) = _host.Register(new ProviderCredential(Key), TestSpecs.OpenAi(_fallback.BaseAddress));

        var result = await _host.Embeddings.EmbedAsync(tenant, ["hello world", "second"]);

        Assert.Equal(chain[0].Id, result.Call.IntegrationId);
        Assert.False(result.Call.FallbackUsed);
        var row = Assert.Single(_host.Usage.Records);
        Assert.Equal(tenant, row.TenantId);
        Assert.Equal(chain[0].Id, row.IntegrationId);
        Assert.Equal(chain[0].Id, row.FirstIntegrationId);
        Assert.Equal(ProviderKind.OpenAI, row.Provider);
        Assert.Equal(ProviderOperation.Embedding, row.Operation);
        Assert.Equal("text-embedding-3-small", row.Model);
        Assert.Equal(2, row.InputCount);
        Assert.Equal((4, 0, 4, false), (row.InputTokens, row.OutputTokens, row.TotalTokens, row.TokensEstimated));
        Assert.Equal(4 * 0.02m / 1000m, row.Cost);
        Assert.Equal(row.Cost, result.Call.Cost);
        Assert.Equal(UsageOutcome.Success, row.Outcome);
        Assert.Null(row.ErrorCategory);
        Assert.Equal(1, row.Attempts);
        Assert.True(row.LatencyMs >= 0);
        Assert.Equal(result.Call.CallId, row.CallId);
    }

    [Fact]
    public async Task A_primary_answering_500_is_retried_then_the_fallback_serves()
    {
        await using var primary = await LoopbackHttpServer.StartAsync(_ => FakeProviderResponses.OpenAiError(500, "boom"));
        var (tenant, chain) = _host.Register(new ProviderCredential(Key),
            TestSpecs.OpenAi(primary.BaseAddress, retries: 2), TestSpecs.OpenAi(_fallback.BaseAddress));

        var result = await _host.Embeddings.EmbedAsync(tenant, ["text"]);

        Assert.Equal(3, primary.Requests.Count);
        Assert.Equal(chain[1].Id, result.Call.IntegrationId);
        Assert.True(result.Call.FallbackUsed);
        Assert.Equal(chain[0].Id, result.Call.FirstIntegrationId);
        var rows = _host.Usage.Records;
        Assert.Equal(2, rows.Count);
        Assert.Equal((UsageOutcome.Failed, ProviderErrorCategory.ServerError, 3, 0m), (rows[0].Outcome, rows[0].ErrorCategory, rows[0].Attempts, rows[0].Cost));
        Assert.Contains("HTTP 500", rows[0].ErrorMessage);
        Assert.Equal((UsageOutcome.Success, true, chain[0].Id, 1), (rows[1].Outcome, rows[1].FallbackUsed, rows[1].FirstIntegrationId, rows[1].ChainPosition));
    }

    [Fact]
    public async Task A_primary_that_times_out_falls_back_within_its_timeout()
    {
        await using var primary = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 8).After(TimeSpan.FromSeconds(5)));
        var (tenant, chain) = _host.Register(new ProviderCredential(Key),
            TestSpecs.OpenAi(primary.BaseAddress, timeout: 0.3), TestSpecs.OpenAi(_fallback.BaseAddress));
        var clock = Stopwatch.StartNew();

        var result = await _host.Embeddings.EmbedAsync(tenant, ["text"]);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.Equal(chain[1].Id, result.Call.IntegrationId);
        Assert.Equal(ProviderErrorCategory.Timeout, _host.Usage.Records[0].ErrorCategory);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_retried_on_the_same_integration_after_the_asked_delay()
    {
        var calls = 0;
        await using var primary = await LoopbackHttpServer.StartAsync(r => Interlocked.Increment(ref calls) == 1
            ? FakeProviderResponses.OpenAiError(429, "slow down", new Dictionary<string, string> { ["Retry-After"] = "1" })
            : FakeProviderResponses.OpenAiEmbeddings(r, 8));
        var (tenant, chain) = _host.Register(new ProviderCredential(Key),
            TestSpecs.OpenAi(primary.BaseAddress, retries: 2), TestSpecs.OpenAi(_fallback.BaseAddress));

        var result = await _host.Embeddings.EmbedAsync(tenant, ["text"]);

        Assert.Equal(chain[0].Id, result.Call.IntegrationId);
        Assert.Equal(2, result.Call.Attempts);
        Assert.Equal(2, primary.Requests.Count);
        var waited = primary.Requests[1].ReceivedAt - primary.Requests[0].ReceivedAt;
        Assert.True(waited >= TimeSpan.FromMilliseconds(900), $"waited only {waited}");
        Assert.Empty(_fallback.Requests);
        Assert.Single(_host.Usage.Records);
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_cap_goes_straight_to_the_fallback()
    {
        await using var primary = await LoopbackHttpServer.StartAsync(_ =>
            FakeProviderResponses.OpenAiError(429, "quota", new Dictionary<string, string> { ["retry-after-ms"] = "60000" }));
        var (tenant, chain) = _host.Register(new ProviderCredential(Key),
            TestSpecs.OpenAi(primary.BaseAddress, retries: 3), TestSpecs.OpenAi(_fallback.BaseAddress));

        var result = await _host.Embeddings.EmbedAsync(tenant, ["text"]);

        Assert.Single(primary.Requests);
        Assert.Equal(chain[1].Id, result.Call.IntegrationId);
        Assert.Equal(ProviderErrorCategory.RateLimited, _host.Usage.Records[0].ErrorCategory);
    }

    [Fact]
    public async Task Garbage_json_is_a_bad_response_that_is_not_retried_but_falls_back()
    {
        await using var primary = await LoopbackHttpServer.StartAsync(_ => LoopbackResponse.Json("{\"data\": [ {\"index\": 0, \"embedding\": [0.1,"));
        var (tenant, chain) = _host.Register(new ProviderCredential(Key),
            TestSpecs.OpenAi(primary.BaseAddress, retries: 2), TestSpecs.OpenAi(_fallback.BaseAddress));

        var result = await _host.Embeddings.EmbedAsync(tenant, ["text"]);

        Assert.Single(primary.Requests);
        Assert.Equal(chain[1].Id, result.Call.IntegrationId);
        Assert.Equal(ProviderErrorCategory.BadResponse, _host.Usage.Records[0].ErrorCategory);
    }

    [Fact]
    public async Task Vectors_of_the_wrong_dimension_are_refused_and_the_fallback_serves()
    {
        await using var primary = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 16));
        var (tenant, chain) = _host.Register(new ProviderCredential(Key),
            TestSpecs.OpenAi(primary.BaseAddress), TestSpecs.OpenAi(_fallback.BaseAddress));

        var result = await _host.Embeddings.EmbedAsync(tenant, ["text"]);

        Assert.Equal(8, result.Dimension);
        Assert.Equal(chain[1].Id, result.Call.IntegrationId);
        var failed = _host.Usage.Records[0];
        Assert.Equal(ProviderErrorCategory.WrongDimension, failed.ErrorCategory);
        Assert.Contains("16-dimensional", failed.ErrorMessage);
    }

    [Fact]
    public async Task When_every_integration_fails_the_error_is_a_provider_exception_in_plain_words()
    {
        var (tenant, chain) = _host.Register(new ProviderCredential(Key),
            TestSpecs.OpenAi(LoopbackHttpServer.UnusedAddress()), TestSpecs.Tei(LoopbackHttpServer.UnusedAddress()) with { Model = "text-embedding-3-small" });

        var error = await Assert.ThrowsAsync<ProviderException>(() => _host.Embeddings.EmbedAsync(tenant, ["text"]));

        Assert.Equal(ProviderErrorCategory.NetworkError, error.Category);
        Assert.Equal(chain.Select(s => s.Id), error.Attempts.Select(a => a.IntegrationId));
        Assert.StartsWith("None of the 2 embedding providers could answer.", error.Message);
        Assert.Contains("could not be reached", error.Message);
        Assert.IsNotType<HttpRequestException>(error.InnerException?.GetBaseException());
        Assert.Equal(2, _host.Usage.Records.Count);
        Assert.All(_host.Usage.Records, r => Assert.Equal(UsageOutcome.Failed, r.Outcome));
    }

    [Fact]
    public async Task A_spent_hard_budget_refuses_before_any_provider_is_asked()
    {
        var (tenant, _) = _host.Register(new ProviderCredential(Key), TestSpecs.OpenAi(_fallback.BaseAddress));
        _host.Budget.Decision = BudgetDecision.Refuse("Monthly AI spend", 50m, 50.25m, "USD", "November 2025");

        var error = await Assert.ThrowsAsync<BudgetExceededException>(() => _host.Embeddings.EmbedAsync(tenant, ["text"]));

        Assert.Equal(
            "The AI budget \"Monthly AI spend\" is exhausted: 50.25 USD spent of a 50 USD hard limit for November 2025. "
            + "AI calls are refused until the limit is raised or the period ends.",
            error.Message);
        Assert.Empty(_fallback.Requests);
        Assert.Empty(_host.Usage.Records);
    }

    [Fact]
    public async Task A_tenant_without_an_embedding_integration_gets_a_configuration_error()
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() => _host.Embeddings.EmbedAsync(TestSpecs.NextId(), ["text"]));

        Assert.Equal(ProviderErrorCategory.Configuration, error.Category);
        Assert.Equal("No embedding provider is configured for this tenant.", error.Message);
    }

    [Fact]
    public async Task A_cancelled_call_is_rethrown_and_still_recorded_once()
    {
        await using var primary = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 8).After(TimeSpan.FromSeconds(5)));
        var (tenant, _) = _host.Register(new ProviderCredential(Key), TestSpecs.OpenAi(primary.BaseAddress), TestSpecs.OpenAi(_fallback.BaseAddress));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _host.Embeddings.EmbedAsync(tenant, ["text"], cancellationToken: cancel.Token));

        Assert.Equal(ProviderErrorCategory.Cancelled, Assert.Single(_host.Usage.Records).ErrorCategory);
        Assert.Empty(_fallback.Requests);
    }

    [Fact]
    public async Task The_built_in_embedder_serves_a_chain_without_network_at_zero_cost()
    {
        var (tenant, _) = _host.Register(null, Pulse.Core.Providers.Local.LocalHashingEmbedder.CreateSpec(384, TestSpecs.NextId()));

        var result = await _host.Embeddings.EmbedAsync(tenant, ["three words here"]);

        Assert.Equal(384, result.Dimension);
        var row = Assert.Single(_host.Usage.Records);
        Assert.Equal((3, true, 0m), (row.InputTokens, row.TokensEstimated, row.Cost));
        Assert.Equal(ProviderKind.LocalHashing, row.Provider);
    }
}
