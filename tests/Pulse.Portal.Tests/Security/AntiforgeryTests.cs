using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Portal.Tests.Infrastructure;

namespace Pulse.Portal.Tests.Security;

/// <summary>
/// Every state-changing request a cookie-signed-in browser can send must carry the antiforgery token: posts without
/// one are refused before the handler runs. Read from the endpoint table, so a new unsafe endpoint that forgets the
/// token fails here.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AntiforgeryTests(PortalServerFixture portal)
{
    /// <summary>Unsafe-method endpoints that need no antiforgery token, and why.</summary>
    private static readonly Dictionary<string, string> Exempt = new()
    {
        ["/api/v1/"] = "the API authenticates with a bearer key, which a browser never sends on its own",
        ["/_blazor"] = "the Blazor circuit's SignalR transport: negotiate and disconnect change no application state, and the circuit checks its own protected state",
    };

    [Fact]
    public void Every_unsafe_endpoint_a_browser_can_reach_requires_an_antiforgery_token()
    {
        var unsafeEndpoints = portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, Endpoint: e)))
            .Where(e => e.Method is not ("GET" or "HEAD" or "OPTIONS" or "TRACE"))
            .Select(e => (e.Method, Pattern: "/" + (e.Endpoint.RoutePattern.RawText ?? "").TrimStart('/'), e.Endpoint))
            .Where(e => !Exempt.Keys.Any(prefix => e.Pattern.StartsWith(prefix, StringComparison.Ordinal)))
            .ToList();

        Assert.Contains(unsafeEndpoints, e => e.Pattern == "/account/logout");
        Assert.Contains(unsafeEndpoints, e => e.Pattern == "/account/select-tenant");
        var unprotected = unsafeEndpoints
            .Where(e => e.Endpoint.Metadata.GetMetadata<IAntiforgeryMetadata>() is not { RequiresValidation: true })
            .Select(e => $"{e.Method} {e.Pattern}")
            .ToList();
        Assert.True(unprotected.Count == 0, "These endpoints accept a cookie-authenticated post without an antiforgery token: " + string.Join(", ", unprotected));
    }

    [Fact]
    public async Task Sign_out_without_the_token_is_refused_and_the_session_survives()
    {
        using var client = await portal.SignedInClientAsync(DemoUsers.AcmeOwner.Email);

        using var forged = await client.PostAsync("account/logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using var stillIn = await client.GetAsync("collections");
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);

        var fields = await SecurityWorld.FormFieldsAsync(client, "");
        using var real = await client.PostAsync("account/logout", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        using var after = await client.GetAsync("collections");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/account/login", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choosing_a_tenant_without_the_token_is_refused_and_changes_nothing()
    {
        using var client = await portal.SignedInClientAsync(DemoUsers.PlatformAdmin.Email);
        var globex = await portal.TenantIdAsync(SecurityWorld.Globex);
        var acme = await portal.TenantIdAsync(SecurityWorld.Acme);
        var fields = await SecurityWorld.FormFieldsAsync(client, "");
        fields["returnUrl"] = "/collections";

        fields["tenantId"] = acme.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var real = await client.PostAsync("account/select-tenant", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        var before = await client.GetStringAsync("collections");

        var forgedFields = new Dictionary<string, string> { ["tenantId"] = globex.ToString(System.Globalization.CultureInfo.InvariantCulture), ["returnUrl"] = "/collections" };
        using var forged = await client.PostAsync("account/select-tenant", new FormUrlEncodedContent(forgedFields));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var after = await client.GetStringAsync("collections");
        Assert.Matches($"<option value=\"{acme}\" selected", before);
        Assert.Matches($"<option value=\"{acme}\" selected", after);
        Assert.DoesNotMatch($"<option value=\"{globex}\" selected", after);
    }
}
