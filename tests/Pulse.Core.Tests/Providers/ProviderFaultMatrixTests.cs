using System.Text.Json;
using Pulse.Core.Providers;
using Pulse.Core.Tests.Providers.Support;
using Pulse.Core.Tests.Testing;
using Pulse.Testing.Http;
using Pulse.Testing.OpenApi;

namespace Pulse.Core.Tests.Providers;

/// <summary>
/// Every provider protocol under every fault, through the chain on real sockets: each request either server received
/// is held strictly to the published spec (Azure: its path, its header and OpenAI's request schema), the chain retries
/// what is transient (honouring Retry-After), falls back to an integration of the same protocol and vector space on
/// everything else, and the usage rows are complete: one per integration asked, tokens as the provider reports them
/// (OpenAI and Azure <c>usage</c>, TEI's <c>x-compute-tokens</c> header) or estimated and marked so, cost from the
/// integration's prices (a zero price records zero), Azure named by its configured base model.
/// </summary>
public sealed class ProviderFaultMatrixTests : IDisposable
{
    private const string Key = "sk-matrix-key-0f1e2d3c4b5a69788796";
    private const int Dimension = 8;
    private const int TeiComputeTokens = 9;
    private static readonly string[] Texts = ["first text here", "second one"];
    private static readonly CostConfig Price = new(PricePer1KInputTokens: 0.13m, PricePer1KOutputTokens: 0.6m);
    private readonly ProviderTestHost _host = new(breakerThreshold: 50);

    public enum Protocol { OpenAi, Azure, TeiEmbed, TeiOpenAiRoute, Gateway }

    public enum Fault { Timeout, RateLimitedWithRetryAfter, ServerError, GarbageJson, WrongDimension, NoUsageReported }

    public void Dispose() => _host.Dispose();

    public static TheoryData<Protocol, Fault> EmbeddingCases()
    {
        var cases = new TheoryData<Protocol, Fault>();
        foreach (var protocol in Enum.GetValues<Protocol>())
            foreach (var fault in Enum.GetValues<Fault>())
                cases.Add(protocol, fault);
        return cases;
    }

    public static TheoryData<Protocol, Fault> ChatCases()
    {
        var cases = new TheoryData<Protocol, Fault>();
        foreach (var protocol in new[] { Protocol.OpenAi, Protocol.Azure, Protocol.Gateway })
            foreach (var fault in Enum.GetValues<Fault>().Where(f => f != Fault.WrongDimension))
                cases.Add(protocol, fault);
        return cases;
    }

    [SpecTheory(SpecsFolder.OpenAi, SpecsFolder.Tei)]
    [MemberData(nameof(EmbeddingCases))]
    public async Task An_embedding_fault_is_retried_or_falls_back_and_every_integration_asked_gets_a_complete_usage_row(Protocol protocol, Fault fault)
    {
        await using var primary = await LoopbackHttpServer.StartAsync(Faulty(fault, r => EmbeddingAnswer(protocol, r), (r, d, u) => EmbeddingAnswer(protocol, r, d, u),
            (status, message, headers) => Error(protocol, status, message, headers), protocol == Protocol.TeiEmbed ? "[[0.1, 0.2," : "{\"object\":\"list\",\"data\":[{\"index\":0,\"embedding\":[0.1,"));
        await using var fallback = await LoopbackHttpServer.StartAsync(r => EmbeddingAnswer(protocol, r));
        var (tenant, chain) = _host.Register(new ProviderCredential(Key),
            EmbeddingSpec(protocol, primary.BaseAddress, fault == Fault.Timeout ? 0.5 : 5), EmbeddingSpec(protocol, fallback.BaseAddress, 5));

        var result = await _host.Embeddings.EmbedAsync(tenant, Texts);

        AssertRequestsFollowTheProtocol(protocol, ProviderSubtype.Embedding, primary.Requests);
        AssertRequestsFollowTheProtocol(protocol, ProviderSubtype.Embedding, fallback.Requests);
        Assert.Equal(2, result.Vectors.Count);
        Assert.All(result.Vectors, v => Assert.Equal(Dimension, v.Length));
        // The OpenAI-style doubles report words + 1 (5 + 1 here); TEI's reports its x-compute-tokens header.
        var reported = protocol == Protocol.TeiEmbed ? TeiComputeTokens : 6;
        var expectedTokens = fault == Fault.NoUsageReported ? TokenEstimator.EstimateTokens(Texts) : reported;
        AssertOutcome(fault, primary, fallback, chain, result.Call, ProviderOperation.Embedding, Texts.Length, expectedTokens, 0, fault == Fault.NoUsageReported);
    }

    [SpecTheory(SpecsFolder.OpenAi)]
    [MemberData(nameof(ChatCases))]
    public async Task A_chat_fault_is_retried_or_falls_back_and_every_integration_asked_gets_a_complete_usage_row(Protocol protocol, Fault fault)
    {
        await using var primary = await LoopbackHttpServer.StartAsync(Faulty(fault, _ => FakeProviderResponses.ChatCompletion("pong", 12, 3), (_, _, u) => FakeProviderResponses.ChatCompletion("pong", 12, 3, includeUsage: u),
            FakeProviderResponses.OpenAiError, "{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":"));
        await using var fallback = await LoopbackHttpServer.StartAsync(_ => FakeProviderResponses.ChatCompletion("pong", 12, 3));
        var (tenant, chain) = _host.Register(new ProviderCredential(Key),
            ChatSpec(protocol, primary.BaseAddress, fault == Fault.Timeout ? 0.5 : 5), ChatSpec(protocol, fallback.BaseAddress, 5));
        var request = new ChatRequest([ChatMessage.System("Answer in one word."), ChatMessage.User("ping?")], MaxOutputTokens: 16);

        var result = await _host.TextGeneration.CompleteAsync(tenant, request);

        AssertRequestsFollowTheProtocol(protocol, ProviderSubtype.Llm, primary.Requests);
        AssertRequestsFollowTheProtocol(protocol, ProviderSubtype.Llm, fallback.Requests);
        Assert.Equal("pong", result.Content);
        var (input, output) = fault == Fault.NoUsageReported
            ? (TokenEstimator.EstimateTokens(request.Messages.Select(m => m.Content)), TokenEstimator.EstimateTokens("pong"))
            : (12, 3);
        AssertOutcome(fault, primary, fallback, chain, result.Call, ProviderOperation.TextGeneration, request.Messages.Count, input, output, fault == Fault.NoUsageReported);
    }

    private void AssertOutcome(
        Fault fault, LoopbackHttpServer primary, LoopbackHttpServer fallback, IReadOnlyList<IntegrationSpec> chain, ProviderCallInfo call,
        ProviderOperation operation, int inputCount, int inputTokens, int outputTokens, bool tokensEstimated)
    {
        var rows = _host.Usage.Records;
        var servedByPrimary = fault is Fault.RateLimitedWithRetryAfter or Fault.NoUsageReported;
        var served = servedByPrimary ? chain[0] : chain[1];
        Assert.Equal((served.Id, served.Name, !servedByPrimary, chain[0].Id), (call.IntegrationId, call.IntegrationName, call.FallbackUsed, call.FirstIntegrationId));
        Assert.Equal(servedByPrimary ? 1 : 2, rows.Count);
        Assert.All(rows, row =>
        {
            var spec = chain[row.ChainPosition];
            Assert.Equal((_host.Usage.Records[0].CallId, chain[0].Id, spec.Id, spec.Name, spec.Kind), (row.CallId, row.FirstIntegrationId, row.IntegrationId, row.IntegrationName, row.Provider));
            Assert.Equal((operation, spec.UsageModelName, inputCount, spec.Cost.Currency), (row.Operation, row.Model, row.InputCount, row.Currency));
            Assert.Equal(row.ChainPosition > 0, row.FallbackUsed);
            Assert.InRange(row.LatencyMs, 0, 30_000);
            Assert.NotEqual(default, row.StartedAt);
            Assert.DoesNotContain(Key, row.ErrorMessage ?? "");
        });
        if (chain[0].Kind == ProviderKind.AzureOpenAI)
            Assert.All(rows, row => Assert.Equal(operation == ProviderOperation.Embedding ? "text-embedding-3-small" : "gpt-4o-mini", row.Model)); // the base model, not the deployment

        if (!servedByPrimary)
        {
            var (category, attempts, says) = fault switch
            {
                Fault.Timeout => (ProviderErrorCategory.Timeout, 2, "did not answer within 0.5 s"),
                Fault.ServerError => (ProviderErrorCategory.ServerError, 2, "HTTP 500"),
                Fault.GarbageJson => (ProviderErrorCategory.BadResponse, 1, chain[0].Name),
                _ => (ProviderErrorCategory.WrongDimension, 1, "returned 16-dimensional vectors, but it is configured for 8"),
            };
            var failed = rows[0];
            Assert.Equal((UsageOutcome.Failed, (ProviderErrorCategory?)category, attempts, 0m, 0, 0, 0, 0), (failed.Outcome, failed.ErrorCategory, failed.Attempts, failed.Cost, failed.ChainPosition, failed.InputTokens, failed.OutputTokens, failed.TotalTokens));
            Assert.Contains(says, failed.ErrorMessage);
            Assert.Equal(attempts, primary.Requests.Count);
            Assert.Single(fallback.Requests);
        }
        else
        {
            Assert.Empty(fallback.Requests);
        }

        var success = rows[^1];
        Assert.Equal((UsageOutcome.Success, (ProviderErrorCategory?)null, (string?)null), (success.Outcome, success.ErrorCategory, success.ErrorMessage));
        Assert.Equal((inputTokens, outputTokens, inputTokens + outputTokens, tokensEstimated), (success.InputTokens, success.OutputTokens, success.TotalTokens, success.TokensEstimated));
        Assert.Equal(served.Cost.Compute(inputTokens, outputTokens), success.Cost);
        Assert.Equal(success.Cost, call.Cost);
        if (served.Cost == CostConfig.Free) Assert.Equal(0m, success.Cost);
        else Assert.True(success.Cost > 0m);
        Assert.Equal(fault == Fault.RateLimitedWithRetryAfter ? 2 : 1, success.Attempts);

        if (fault == Fault.RateLimitedWithRetryAfter)
        {
            Assert.Equal(2, primary.Requests.Count);
            var waited = primary.Requests[1].ReceivedAt - primary.Requests[0].ReceivedAt;
            Assert.True(waited >= TimeSpan.FromMilliseconds(900), $"Retry-After: 1 was not honoured: the retry came after {waited.TotalMilliseconds:0} ms");
        }
    }

    // The primary's behaviour: the fault, or (rate limit) the fault once and then the answer.
    private static Func<RecordedRequest, LoopbackResponse> Faulty(
        Fault fault, Func<RecordedRequest, LoopbackResponse> healthy, Func<RecordedRequest, int, bool, LoopbackResponse> answer,
        Func<int, string, IReadOnlyDictionary<string, string>?, LoopbackResponse> error, string garbage)
    {
        var calls = 0;
        return request => fault switch
        {
            Fault.Timeout => healthy(request).After(TimeSpan.FromSeconds(5)),
            Fault.RateLimitedWithRetryAfter => Interlocked.Increment(ref calls) == 1
                ? error(429, "Rate limit reached, retry later", new Dictionary<string, string> { ["Retry-After"] = "1" })
                : healthy(request),
            Fault.ServerError => error(500, "The server had an error while processing your request", null),
            Fault.GarbageJson => LoopbackResponse.Json(garbage),
            Fault.WrongDimension => answer(request, 16, true),
            _ => answer(request, Dimension, false),
        };
    }

    private static LoopbackResponse EmbeddingAnswer(Protocol protocol, RecordedRequest request, int dimension = Dimension, bool usage = true) =>
        protocol == Protocol.TeiEmbed
            ? FakeProviderResponses.TeiEmbed(request, dimension, usage ? TeiComputeTokens : null)
            : FakeProviderResponses.OpenAiEmbeddings(request, dimension, includeUsage: usage);

    // TEI's errors are {"error": "...", "error_type": "..."} on both routes.
    private static LoopbackResponse Error(Protocol protocol, int status, string message, IReadOnlyDictionary<string, string>? headers) =>
        protocol is Protocol.TeiEmbed or Protocol.TeiOpenAiRoute
            ? LoopbackResponse.Json(JsonSerializer.Serialize(new { error = message, error_type = status == 429 ? "overloaded" : "backend" }), status)
                with { Headers = headers ?? new Dictionary<string, string>() }
            : FakeProviderResponses.OpenAiError(status, message, headers);

    private static PerformanceConfig Performance(double timeout) => new(TimeoutSeconds: timeout, BatchSize: 16, MaxRetries: 1);

    private static IntegrationSpec EmbeddingSpec(Protocol protocol, Uri address, double timeout) => protocol switch
    {
        Protocol.OpenAi => TestSpecs.OpenAi(address, Dimension) with { Performance = Performance(timeout), Cost = Price },
        Protocol.Azure => TestSpecs.Azure(address, Dimension) with
        {
            Model = "emb-deploy-model", PricingModel = "text-embedding-3-small", Performance = Performance(timeout), Cost = Price,
        },
        // A self-hosted server: free, and a zero price must record a zero cost.
        Protocol.TeiEmbed => TestSpecs.Tei(address, Dimension) with { Performance = Performance(timeout), Cost = CostConfig.Free },
        Protocol.TeiOpenAiRoute => TestSpecs.Tei(address, Dimension, openAiRoute: true) with { Performance = Performance(timeout), Cost = Price },
        _ => TestSpecs.OpenAi(address, Dimension) with
        {
            Kind = ProviderKind.Gateway, Name = "Gateway test", Performance = Performance(timeout), Cost = Price,
            ExtraHeaders = new Dictionary<string, string> { ["X-Route"] = "embeddings-eu" }, CredentialHeaderName = "X-Api-Key",
        },
    };

    private static IntegrationSpec ChatSpec(Protocol protocol, Uri address, double timeout) => protocol switch
    {
        Protocol.Azure => TestSpecs.Chat(address, ProviderKind.AzureOpenAI) with
        {
            Model = "chat-deploy-model", PricingModel = "gpt-4o-mini", Performance = Performance(timeout), Cost = Price,
        },
        Protocol.Gateway => TestSpecs.Chat(address, ProviderKind.Gateway) with
        {
            Performance = Performance(timeout), Cost = Price,
            ExtraHeaders = new Dictionary<string, string> { ["X-Route"] = "chat-eu" }, CredentialHeaderName = "X-Api-Key",
        },
        _ => TestSpecs.Chat(address) with { Performance = Performance(timeout), Cost = Price },
    };

    private static void AssertRequestsFollowTheProtocol(Protocol protocol, ProviderSubtype subtype, IReadOnlyList<RecordedRequest> requests)
    {
        var embedding = subtype == ProviderSubtype.Embedding;
        foreach (var request in requests)
        {
            Assert.Equal("POST", request.Method);
            switch (protocol)
            {
                case Protocol.Azure:
                    Assert.Equal($"/openai/deployments/{(embedding ? "emb-deploy/embeddings" : "chat/chat/completions")}?api-version=2024-10-21", request.PathAndQuery);
                    Assert.Equal((Key, (string?)null), (request.Header("api-key"), request.Header("Authorization")));
                    Assert.Empty(PublishedSpecs.OpenAi.ValidateSchema(request.Body, embedding ? "CreateEmbeddingRequest" : "CreateChatCompletionRequest", strict: true));
                    break;
                case Protocol.Gateway:
                    Assert.Equal(embedding ? "/v1/embeddings" : "/v1/chat/completions", request.Path);
                    Assert.Equal((Key, embedding ? "embeddings-eu" : "chat-eu", (string?)null), (request.Header("X-Api-Key"), request.Header("X-Route"), request.Header("Authorization")));
                    break;
                case Protocol.TeiEmbed:
                    Assert.Equal("/embed", request.Path);
                    Assert.Equal(Texts, request.JsonBody().GetProperty("inputs").EnumerateArray().Select(e => e.GetString()));
                    Assert.Equal($"Bearer {Key}", request.Header("Authorization"));
                    break;
                default:
                    Assert.Equal(embedding ? "/v1/embeddings" : "/v1/chat/completions", request.Path);
                    Assert.Equal($"Bearer {Key}", request.Header("Authorization"));
                    break;
            }

            if (embedding && protocol != Protocol.TeiEmbed)
                Assert.Equal(Texts, request.JsonBody().GetProperty("input").EnumerateArray().Select(e => e.GetString()));
        }

        if (protocol != Protocol.Azure)
        {
            var spec = protocol is Protocol.TeiEmbed or Protocol.TeiOpenAiRoute ? PublishedSpecs.Tei : PublishedSpecs.OpenAi;
            var violations = SpecAssert.RequestViolations(spec, requests, strict: true);
            Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
        }
    }
}
