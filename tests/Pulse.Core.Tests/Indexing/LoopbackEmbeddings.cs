using System.Text.Json;
using Pulse.Core.Providers;
using Pulse.Core.Tests.Providers.Support;
using Pulse.Testing.Http;

namespace Pulse.Core.Tests.Indexing;

/// <summary>An OpenAI-compatible embeddings server on loopback, registered as tenants' embedding integration.</summary>
internal sealed class LoopbackEmbeddings : IAsyncDisposable
{
    public const int Dimension = 16;
    private Func<RecordedRequest, Task<LoopbackResponse>> _handler;

    private LoopbackEmbeddings(LoopbackHttpServer server)
    {
        Server = server;
        _handler = r => Task.FromResult(FakeProviderResponses.OpenAiEmbeddings(r, Dimension));
    }

    public LoopbackHttpServer Server { get; }
    public InMemoryIntegrationChainResolver Resolver { get; } = new();

    public static async Task<LoopbackEmbeddings> StartAsync()
    {
        LoopbackEmbeddings? self = null;
        var server = await LoopbackHttpServer.StartAsync(r => self!._handler(r));
        self = new LoopbackEmbeddings(server);
        return self;
    }

    /// <summary>Replaces how the server answers (the default: protocol-correct embeddings of every input).</summary>
    public void Respond(Func<RecordedRequest, Task<LoopbackResponse>> handler) => _handler = handler;

    /// <summary>Makes this server the tenant's embedding integration.</summary>
    public IntegrationSpec AddTenant(int tenantId, string model = "text-embedding-3-small")
    {
        var spec = TestSpecs.OpenAi(Server.BaseAddress, Dimension, model: model);
        Resolver.Add(tenantId, spec, new ProviderCredential("sk-indexing-test-key"));
        return spec;
    }

    /// <summary>The texts of every embeddings request received so far, in order.</summary>
    public IReadOnlyList<string> Inputs() => [.. Server.Requests.SelectMany(r => InputsOf(r.JsonBody()))];

    public static IEnumerable<string> InputsOf(JsonElement body)
    {
        var input = body.GetProperty("input");
        return input.ValueKind == JsonValueKind.Array ? input.EnumerateArray().Select(e => e.GetString() ?? "").ToList() : [input.GetString() ?? ""];
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
