using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pulse.Portal.Infrastructure;
using Pulse.Portal.Tests.Infrastructure;

namespace Pulse.Portal.Tests.Security;

/// <summary>The portal as deployed behind a TLS-terminating proxy: Production, with Pulse:Security:TrustForwardedHeaders on.</summary>
public sealed class TrustedProxyPortalFixture : PortalServerFixture
{
    protected override string EnvironmentName => "Production";

    protected override Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        settings["Pulse:Security:TrustForwardedHeaders"] = "true";
        return Task.CompletedTask;
    }
}

/// <summary>The portal in Production without that setting: forwarded headers come from clients, not from a proxy of ours.</summary>
public sealed class UntrustedProxyPortalFixture : PortalServerFixture
{
    protected override string EnvironmentName => "Production";
}

[CollectionDefinition(Name)]
public sealed class TrustedProxyCollection : ICollectionFixture<TrustedProxyPortalFixture>
{
    public const string Name = "Portal behind a trusted TLS proxy";
}

[CollectionDefinition(Name)]
public sealed class UntrustedProxyCollection : ICollectionFixture<UntrustedProxyPortalFixture>
{
    public const string Name = "Portal in Production without trusted forwarded headers";
}

/// <summary>
/// What a browser sees through a TLS-terminating proxy (the proxy connects over plain HTTP from loopback and says
/// <c>X-Forwarded-Proto: https</c>): HSTS on every response and Secure on the sign-in and antiforgery cookies. Over
/// plain HTTP the portal sends no HSTS, and localhost host names are left out of HSTS as ASP.NET Core's default does.
/// </summary>
[Collection(TrustedProxyCollection.Name)]
public sealed class ForwardedHttpsTests(TrustedProxyPortalFixture portal)
{
    private const string RealHost = "pulse.example.com";

    [Theory]
    [InlineData("account/login")]
    [InlineData("healthz")]
    public async Task Responses_forwarded_as_https_for_a_real_host_name_carry_hsts(string path)
    {
        using var client = portal.CreateClient();
        using var response = await client.SendAsync(Request(HttpMethod.Get, path, RealHost, "https"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var hsts = Assert.Single(response.Headers.GetValues("Strict-Transport-Security"));
        Assert.Matches(@"^max-age=\d+", hsts);
        Assert.True(int.Parse(Regex.Match(hsts, @"max-age=(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 30 * 24 * 3600, hsts);
    }

    [Fact]
    public async Task Signing_in_through_the_proxy_sets_secure_auth_and_antiforgery_cookies()
    {
        using var client = portal.CreateClient();
        var (cookies, response) = await SignInAsync(client, portal.DemoPassword, RealHost, "https");

        Assert.Equal(HttpStatusCode.Redirect, response);
        var antiforgery = Assert.Single(cookies, c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        var auth = Assert.Single(cookies, c => c.StartsWith("pulse.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", Attributes(antiforgery));
        Assert.Contains("httponly", Attributes(antiforgery));
        Assert.Contains("secure", Attributes(auth));
        Assert.Contains("httponly", Attributes(auth));
        Assert.Contains("samesite=lax", Attributes(auth));
    }

    [Fact]
    public async Task Redirects_through_the_proxy_keep_https_and_the_host_name()
    {
        using var client = portal.CreateClient();
        using var response = await client.SendAsync(Request(HttpMethod.Get, "", RealHost, "https"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith($"https://{RealHost}/account/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_http_without_a_forwarded_scheme_gets_no_hsts_and_no_secure_cookies()
    {
        using var client = portal.CreateClient();
        using (var response = await client.SendAsync(Request(HttpMethod.Get, "account/login", RealHost, forwardedProto: null)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        }
        using (var response = await client.SendAsync(Request(HttpMethod.Get, "account/login", RealHost, "http")))
            Assert.False(response.Headers.Contains("Strict-Transport-Security"));

        var (cookies, status) = await SignInAsync(client, portal.DemoPassword, RealHost, forwardedProto: null);
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.DoesNotContain("secure", Attributes(Assert.Single(cookies, c => c.StartsWith("pulse.auth=", StringComparison.Ordinal))));
        Assert.DoesNotContain("secure", Attributes(Assert.Single(cookies, c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal))));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task A_proxy_that_forwards_a_localhost_host_gets_secure_cookies_but_no_hsts(string host)
    {
        // HSTS pins a host name in the browser; pinning localhost would break every plain-HTTP service the admin runs
        // there, so the localhost names stay excluded (ASP.NET Core's default). The proxy must pass the browser's Host.
        using var client = portal.CreateClient();
        using (var response = await client.SendAsync(Request(HttpMethod.Get, "account/login", host, "https")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        }
        var (cookies, status) = await SignInAsync(client, portal.DemoPassword, host, "https");
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Contains("secure", Attributes(Assert.Single(cookies, c => c.StartsWith("pulse.auth=", StringComparison.Ordinal))));
    }

    internal static HttpRequestMessage Request(HttpMethod method, string path, string host, string? forwardedProto, HttpContent? content = null, string? cookie = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Host = host;
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        }
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        return request;
    }

    /// <summary>
    /// The sign-in form as a browser behind the proxy uses it: GET the form (antiforgery cookie and token), POST it back
    /// with that cookie. Cookies are carried by hand: a cookie container would hold back Secure cookies from the
    /// plain-HTTP hop to the portal. Returns every Set-Cookie seen and the post's status.
    /// </summary>
    internal static async Task<(List<string> SetCookies, HttpStatusCode Status)> SignInAsync(HttpClient client, string password, string host, string? forwardedProto)
    {
        var setCookies = new List<string>();
        using var form = await client.SendAsync(Request(HttpMethod.Get, "account/login", host, forwardedProto));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        if (form.Headers.TryGetValues("Set-Cookie", out var formCookies)) setCookies.AddRange(formCookies);
        var html = await form.Content.ReadAsStringAsync();
        var fields = Regex.Matches(html, "<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")
            .GroupBy(m => m.Groups["name"].Value)
            .ToDictionary(g => g.Key, g => WebUtility.HtmlDecode(g.First().Groups["value"].Value));
        Assert.Contains("__RequestVerificationToken", fields.Keys);
        fields["Input.Email"] = DemoUsers.AcmeOwner.Email;
        fields["Input.Password"] = password;
        var cookieHeader = string.Join("; ", setCookies.Select(c => c.Split(';')[0]));

        using var post = await client.SendAsync(Request(HttpMethod.Post, "account/login", host, forwardedProto, new FormUrlEncodedContent(fields), cookieHeader));
        if (post.Headers.TryGetValues("Set-Cookie", out var postCookies)) setCookies.AddRange(postCookies);
        return (setCookies, post.StatusCode);
    }

    /// <summary>A Set-Cookie header's attributes (after name=value), lower case and trimmed.</summary>
    internal static List<string> Attributes(string setCookie) =>
        setCookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
}

/// <summary>
/// Without Pulse:Security:TrustForwardedHeaders, X-Forwarded-Proto is just a header a client made up: it must neither
/// turn on HSTS nor make the request look like HTTPS (scheme in redirects, Secure cookies).
/// </summary>
[Collection(UntrustedProxyCollection.Name)]
public sealed class ForgedForwardedHeaderTests(UntrustedProxyPortalFixture portal)
{
    private const string RealHost = "pulse.example.com";

    [Fact]
    public async Task A_forged_forwarded_https_turns_on_no_hsts_and_changes_no_scheme()
    {
        using var client = portal.CreateClient();
        using (var response = await client.SendAsync(ForwardedHttpsTests.Request(HttpMethod.Get, "account/login", RealHost, "https")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        }
        using (var response = await client.SendAsync(ForwardedHttpsTests.Request(HttpMethod.Get, "", RealHost, "https")))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith($"http://{RealHost}/account/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var (cookies, status) = await ForwardedHttpsTests.SignInAsync(client, portal.DemoPassword, RealHost, "https");
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.DoesNotContain("secure", ForwardedHttpsTests.Attributes(Assert.Single(cookies, c => c.StartsWith("pulse.auth=", StringComparison.Ordinal))));
        Assert.DoesNotContain("secure", ForwardedHttpsTests.Attributes(Assert.Single(cookies, c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal))));
    }
}

/// <summary>
/// Whose forwarded headers count: ASP.NET Core's forwarded-headers middleware with the options the portal builds from
/// its configuration, run on requests arriving from given addresses (no web host needed for that).
/// </summary>
public sealed class TrustedProxyListTests
{
    [Theory]
    [InlineData(null, "127.0.0.1", "https")]        // default: a proxy on this machine
    [InlineData(null, "172.17.0.1", "http")]        // default: Docker's bridge gateway is not trusted
    [InlineData("172.16.0.0/12", "172.17.0.1", "https")]
    [InlineData("172.16.0.0/12", "127.0.0.1", "http")] // a list replaces the loopback default
    [InlineData("10.1.2.3, 192.168.0.0/16", "10.1.2.3", "https")]
    [InlineData("10.1.2.3, 192.168.0.0/16", "192.168.7.9", "https")]
    [InlineData("10.1.2.3, 192.168.0.0/16", "10.1.2.4", "http")]
    public async Task Forwarded_https_counts_only_from_a_trusted_proxy(string? trustedProxies, string remote, string expectedScheme)
    {
        var options = PortalForwardedHeaders.FromConfiguration(Configuration(true, trustedProxies))!;
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        context.Request.Scheme = "http";
        context.Request.Headers["X-Forwarded-Proto"] = "https";
        context.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
        var middleware = new ForwardedHeadersMiddleware(_ => Task.CompletedTask, NullLoggerFactory.Instance, Options.Create(options));

        await middleware.Invoke(context);

        Assert.Equal(expectedScheme, context.Request.Scheme);
        Assert.Equal(expectedScheme == "https" ? "203.0.113.7" : remote, context.Connection.RemoteIpAddress!.ToString());
    }

    [Fact]
    public void Forwarded_headers_are_not_read_unless_configured_and_a_bad_proxy_entry_stops_start_up()
    {
        Assert.Null(PortalForwardedHeaders.FromConfiguration(Configuration(false, "10.0.0.0/8")));
        Assert.Null(PortalForwardedHeaders.FromConfiguration(new ConfigurationBuilder().Build()));
        var error = Assert.Throws<InvalidOperationException>(() => PortalForwardedHeaders.FromConfiguration(Configuration(true, "10.0.0.0/8, proxy.internal")));
        Assert.Contains("'proxy.internal'", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(bool trust, string? proxies) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        [PortalForwardedHeaders.TrustKey] = trust ? "true" : "false",
        [PortalForwardedHeaders.ProxiesKey] = proxies,
    }).Build();
}
