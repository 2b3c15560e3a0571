using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Pulse.Benchmarks;

/// <summary>
/// A signed-in Blazor Server session without a browser: it speaks the circuit protocol that <c>blazor.web.js</c>
/// speaks (SignalR with the "blazorpack" MessagePack protocol on <c>/_blazor</c>): it signs in through the real
/// sign-in form, reads the prerendered page's component markers, starts a circuit, attaches the root components,
/// acknowledges every render batch, answers JS interop calls, and navigates with <c>OnLocationChanged</c>, as the
/// browser does when a link is followed. The server does all of its real work (the circuit, the components, their
/// queries, the render diffs); only applying the diffs to a DOM is left out, which is what makes a hundred sessions
/// fit on a small machine next to the portal. An interaction is timed from the navigation until a render batch
/// carries a text that only the loaded page renders.
/// </summary>
internal sealed partial class BlazorCircuitClient : IAsyncDisposable
{
    private readonly Uri baseAddress;
    private readonly CookieContainer cookies = new();
    private readonly HttpClient http;
    private HubConnection? hub;
    private readonly Lock gate = new();
    private readonly List<byte[]> batches = [];
    private int listeners;
    private long nextJsObject;
    private TaskCompletionSource? arrived;

    private BlazorCircuitClient(Uri baseAddress)
    {
        this.baseAddress = baseAddress;
        http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    /// <summary>The page the circuit shows now (relative to the base address).</summary>
    public string Location { get; private set; } = "";

    /// <summary>The last circuit error the server reported (<c>JS.Error</c>), if any.</summary>
    public string? CircuitError { get; private set; }

    /// <summary>Signs in through the sign-in form (antiforgery token included) and keeps the authentication cookie.</summary>
    public static async Task<BlazorCircuitClient> SignInAsync(Uri baseAddress, string email, string password, CancellationToken cancellation)
    {
        var client = new BlazorCircuitClient(baseAddress);
        try
        {
            var form = HiddenInputs(await client.http.GetStringAsync("account/login", cancellation));
            form["Input.Email"] = email;
            form["Input.Password"] = password;
            using var response = await client.http.PostAsync("account/login", new FormUrlEncodedContent(form), cancellation);
            if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.ToString().Contains("login", StringComparison.OrdinalIgnoreCase) == true)
                throw new InvalidOperationException($"sign-in as {email} answered {(int)response.StatusCode} {response.Headers.Location}");
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Fetches the page (prerendered), opens the circuit and waits until the live page rendered <paramref name="ready"/>.</summary>
    public async Task OpenAsync(string relative, string ready, TimeSpan timeout, CancellationToken cancellation)
    {
        var html = await GetPageAsync(relative, cancellation);
        var markers = ComponentMarker().Matches(html)
            .Select(m => JsonNode.Parse(m.Groups["json"].Value)!.AsObject())
            .Where(m => (string?)m["type"] == "server" && m["descriptor"] is not null)
            .OrderBy(m => (int?)m["sequence"] ?? 0)
            .ToList();
        if (markers.Count == 0) throw new InvalidOperationException($"{relative}: the page has no interactive server components");
        var state = ServerState().Match(html) is { Success: true } s ? s.Groups["state"].Value : "";

        hub = BuildConnection();
        Register(hub);
        await hub.StartAsync(cancellation);

        var absolute = new Uri(baseAddress, relative).AbsoluteUri;
        using var _ = Listen(out var wait);
        var circuit = await hub.InvokeAsync<string?>("StartCircuit", baseAddress.AbsoluteUri, absolute, "[]", state, cancellation);
        if (string.IsNullOrEmpty(circuit)) throw new InvalidOperationException($"{relative}: the server refused to start a circuit");
        var operations = new JsonObject
        {
            ["batchId"] = 1,
            ["operations"] = new JsonArray([.. markers.Select((marker, i) => (JsonNode)new JsonObject
            {
                ["type"] = "add",
                ["ssrComponentId"] = i + 1,
                ["marker"] = marker.DeepClone(),
            })]),
        };
        await hub.SendAsync("UpdateRootComponents", operations.ToJsonString(), state, cancellation);
        await wait(ready, timeout, cancellation);
        Location = relative;
    }

    /// <summary>Follows a link inside the circuit and returns when a render batch carried <paramref name="ready"/>.</summary>
    public async Task NavigateAsync(string relative, string ready, TimeSpan timeout, CancellationToken cancellation)
    {
        if (hub is null) throw new InvalidOperationException("The circuit is not open.");
        using var _ = Listen(out var wait);
        await hub.SendAsync("OnLocationChanged", new Uri(baseAddress, relative).AbsoluteUri, null, true, cancellation);
        await wait(ready, timeout, cancellation);
        Location = relative;
    }

    /// <summary>A plain GET with the session's cookie (used to find links on a prerendered page).</summary>
    public async Task<string> GetPageAsync(string relative, CancellationToken cancellation)
    {
        using var response = await http.GetAsync(relative, cancellation);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {relative} answered {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync(cancellation);
    }

    private delegate Task Waiter(string ready, TimeSpan timeout, CancellationToken cancellation);

    /// <summary>Starts collecting render batches; the waiter returns once the collected bytes contain the text.</summary>
    private IDisposable Listen(out Waiter wait)
    {
        lock (gate)
        {
            batches.Clear();
            listeners++;
        }

        wait = async (ready, timeout, cancellation) =>
        {
            var needle = Encoding.UTF8.GetBytes(ready);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            limit.CancelAfter(timeout);
            while (true)
            {
                Task next;
                lock (gate)
                {
                    if (batches.Any(b => b.AsSpan().IndexOf(needle) >= 0)) return;
                    if (CircuitError is { } error) throw new InvalidOperationException("circuit error: " + error.Split('\n')[0]);
                    arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    next = arrived.Task;
                }
                try
                {
                    await next.WaitAsync(limit.Token);
                }
                catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                {
                    throw new TimeoutException($"no render of \"{ready}\" within {timeout.TotalSeconds:0} s (last batch: {LastText()})");
                }
            }
        };
        return new Release(this);
    }

    private string LastText()
    {
        lock (gate)
        {
            if (batches.Count == 0) return "none";
            var text = Regex.Replace(Encoding.UTF8.GetString(batches[^1]), @"[^\x20-\x7E]+", " ");
            return text.Length > 160 ? text[^160..] : text;
        }
    }

    private sealed class Release(BlazorCircuitClient client) : IDisposable
    {
        public void Dispose()
        {
            lock (client.gate)
            {
                client.listeners--;
                if (client.listeners == 0) client.batches.Clear();
            }
        }
    }

    private HubConnection BuildConnection()
    {
        var builder = new HubConnectionBuilder();
        builder.Services.AddSingleton<IHubProtocol>(new BlazorPackProtocol());
        builder.WithUrl(new Uri(baseAddress, "_blazor"), options =>
        {
            options.Cookies = cookies;
            options.Transports = HttpTransportType.WebSockets;
        });
        builder.WithServerTimeout(TimeSpan.FromMinutes(2));
        return builder.Build();
    }

    private void Register(HubConnection connection)
    {
        connection.On<long, byte[]>("JS.RenderBatch", async (id, data) =>
        {
            lock (gate)
            {
                if (listeners > 0) batches.Add(data);
                arrived?.TrySetResult();
            }
            await connection.SendAsync("OnRenderCompleted", id, null);
        });
        // JS interop: answer every call as the browser would when the function returns nothing (a module import or an
        // object reference gets a fresh reference id, so later calls on it are well-formed).
        connection.On<long, string, string, int, long>("JS.BeginInvokeJS", (handle, _, _, resultType, _) =>
        {
            if (handle == 0) return Task.CompletedTask;
            JsonNode? result = resultType == 1 ? new JsonObject { ["__jsObjectId"] = Interlocked.Increment(ref nextJsObject) } : null;
            return connection.SendAsync("EndInvokeJSFromDotNet", handle, true, new JsonArray(handle, true, result).ToJsonString());
        });
        connection.On<string>("JS.Error", error =>
        {
            lock (gate)
            {
                CircuitError = error;
                arrived?.TrySetResult();
            }
        });
        connection.On<long>("JS.EndUpdateRootComponents", _ => { });
        connection.On<int, bool>("JS.EndLocationChanging", (_, _) => { });
        connection.On<int, string>("JS.AttachComponent", (_, _) => { });
        connection.On<string, bool, string>("JS.EndInvokeDotNet", (_, _, _) => { });
    }

    private static Dictionary<string, string> HiddenInputs(string html)
    {
        var form = new Dictionary<string, string>();
        foreach (Match input in Input().Matches(html))
        {
            var attributes = Attribute().Matches(input.Value).ToDictionary(a => a.Groups["key"].Value, a => WebUtility.HtmlDecode(a.Groups["value"].Value));
            if (attributes.GetValueOrDefault("type") == "hidden" && attributes.TryGetValue("name", out var name))
                form[name] = attributes.GetValueOrDefault("value") ?? "";
        }
        return form;
    }

    public async ValueTask DisposeAsync()
    {
        if (hub is not null) await hub.DisposeAsync();
        http.Dispose();
    }

    [GeneratedRegex(@"<!--Blazor:(?<json>\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex ComponentMarker();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:(?<state>[A-Za-z0-9+/=]+)-->")]
    private static partial Regex ServerState();

    [GeneratedRegex(@"<input\b[^>]*>")]
    private static partial Regex Input();

    [GeneratedRegex(@"(?<key>[a-zA-Z_-]+)=""(?<value>[^""]*)""")]
    private static partial Regex Attribute();

    /// <summary>
    /// Blazor's hub protocol is SignalR's MessagePack protocol under the name "blazorpack" (the server accepts no
    /// other on <c>/_blazor</c>); the wire format of the messages a circuit uses is the same.
    /// </summary>
    private sealed class BlazorPackProtocol : IHubProtocol
    {
        private readonly MessagePackHubProtocol inner = new();

        public string Name => "blazorpack";

        public int Version => inner.Version;

        public TransferFormat TransferFormat => TransferFormat.Binary;

        public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
            inner.TryParseMessage(ref input, binder, out message);

        public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);

        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);

        public bool IsVersionSupported(int version) => version <= Version;
    }
}
