using System.Net;
using System.Text;
using Pulse.Portal.Tests.Infrastructure;

namespace Pulse.Portal.Tests.Security;

/// <summary>
/// Bad input over HTTP: search queries in the playground's share link (very long, control characters, lone surrogates,
/// script tags: rendered as text), usage export parameters (garbage dates, breakdowns, injection) and malformed API bodies.
/// No 500s; every refusal carries a message. Seeded, so a failure reproduces.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class BadInputHttpTests(PortalServerFixture portal)
{
    private const int Seed = 20261130;

    [Fact]
    public async Task Hostile_search_queries_in_a_share_link_render_as_text_and_never_fail_the_page()
    {
        using var client = await portal.SignedInClientAsync(DemoUsers.AcmeOwner.Email);
        string[] queries =
        [
            "<script>alert('pulse')</script>", "\"><img src=x onerror=alert(1)>", new string('q', 3_000), new string('q', 20_000), "a\u0000b\u0001c\u001bd\u007f",
            "\ud800lone", "tail\udc00", "'; DROP TABLE tenants; --", "{{7*7}} @(1+1) ${1+1}", "\u202eevil",
        ];
        foreach (var query in queries)
        {
            var url = "search?q=" + Uri.EscapeDataString(query.Replace("\ud800", "%ED%A0%80", StringComparison.Ordinal)) + "&collection=docs&filter=" + Uri.EscapeDataString("{\"must\":[{\"key\":\"<script>\"");
            using var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            // A request line over Kestrel's limit is refused before the portal sees it (414); everything else renders.
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.RequestUriTooLong,
                $"{Escape(query[..Math.Min(100, query.Length)])}: {(int)response.StatusCode}");
            Assert.DoesNotContain("<script>alert('pulse')</script>", body);
            Assert.DoesNotContain("<img src=x", body);
            if (query.StartsWith("<script>", StringComparison.Ordinal))
                Assert.Contains("&lt;script&gt;alert(&#x27;pulse&#x27;)&lt;/script&gt;", body); // shown, as text, in the form
        }
    }

    [Fact]
    public async Task Garbage_usage_export_parameters_are_refused_with_a_message_or_ignored_never_a_500()
    {
        using var client = await portal.SignedInClientAsync(DemoUsers.AcmeOwner.Email);
        var random = new Random(Seed);
        string[] days = ["2026-01-01", "2026-13-01", "2026-02-30", "0000-00-00", "9999-12-31", "0001-01-01", "-1", "", "yesterday", "2026-01-01T00:00:00Z",
            "2026-01-01'--", "%00", "<script>", "20260101", "2026-1-1", new string('9', 500)];
        string[] others = ["day", "week", "month", "Year", "provider", "tenant", "x", "';--", "<b>", "99", "-1", "\u00e9", "1e9"];
        foreach (var path in new[] { "usage/export/aggregated.csv", "usage/export/raw.csv" })
            for (var i = 0; i < 40; i++)
            {
                var query = $"from={Uri.EscapeDataString(days[random.Next(days.Length)])}&to={Uri.EscapeDataString(days[random.Next(days.Length)])}"
                    + $"&granularity={Uri.EscapeDataString(others[random.Next(others.Length)])}&breakdown={Uri.EscapeDataString(others[random.Next(others.Length)])}";
                using var response = await client.GetAsync($"{path}?{query}", HttpCompletionOption.ResponseHeadersRead);
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{path}?{query}: {(int)response.StatusCode}");
                if (response.StatusCode == HttpStatusCode.BadRequest)
                    Assert.False(string.IsNullOrWhiteSpace(await response.Content.ReadAsStringAsync()), $"{path}?{query}: refused without a message");
            }
    }

    [Fact]
    public async Task Malformed_api_bodies_are_refused_with_a_problem_never_a_500()
    {
        var acme = await portal.TenantIdAsync(SecurityWorld.Acme);
        using var api = portal.ApiClient((await portal.CreateApiKeyAsync(acme, "bad input")).Token);
        var random = new Random(Seed);
        string[] bodies =
        [
            "", "{", "[]", "null", "\"text\"", "{\"collection\":", "{\"collection\":1,\"query\":2}", "{\"query\":\"x\"}", "{\"collection\":\"docs\",\"query\":\"\"}",
            "{\"collection\":\"docs\",\"query\":\"x\",\"limit\":\"ten\"}", "{\"collection\":\"docs\",\"query\":\"x\",\"limit\":1e400}",
            "{\"collection\":\"docs\",\"query\":\"x\",\"limit\":-5}", "{\"collection\":\"../../etc\",\"query\":\"x\"}", "{\"collection\":\"docs\",\"query\":\"\\ud800\"}",
            "{\"collection\":\"docs\",\"query\":\"" + new string('x', 5000) + "\"}", "{\"collection\":\"docs\",\"query\":\"x\",\"scoreThreshold\":\"NaN\"}",
            new string('[', 10_000), "{\"collection\":\"<script>\",\"query\":\"x\"}",
        ];
        var mutated = Enumerable.Range(0, 30).Select(_ =>
        {
            var text = new StringBuilder("{\"collection\":\"docs\",\"query\":\"retry budget\",\"limit\":5}");
            for (var e = 0; e < 3; e++) {
                const string junk = "{}[],:\"\\\u0000x1";
                text.Insert(random.Next(text.Length + 1), junk[random.Next(junk.Length)]);
            }
            return text.ToString();
        });
        foreach (var body in bodies.Concat(mutated))
        {
            using var search = await api.PostAsync("api/v1/search", new StringContent(body, Encoding.UTF8, "application/json"));
            await AssertRefusedOrAnsweredAsync(search, body);
        }
        foreach (var body in new[] { "", "{", "garbage", "[1,2" })
        {
            using var validate = await api.PostAsync("api/v1/collections/docs/validate", new StringContent(body, Encoding.UTF8, "application/json"));
            await AssertRefusedOrAnsweredAsync(validate, body);
        }
        foreach (var name in new[] { "%2e%2e", "client_", new string('a', 300), "%3Cscript%3E" })
        {
            using var get = await api.GetAsync("api/v1/collections/" + name);
            await AssertRefusedOrAnsweredAsync(get, name);
        }
        // A NUL in the path is refused by Kestrel itself (a bare 400) before any portal code runs.
        using (var nul = await api.GetAsync("api/v1/collections/a%00b"))
            Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        using var usage = await api.GetAsync("api/v1/usage?days=abc");
        await AssertRefusedOrAnsweredAsync(usage, "days=abc");
    }

    private static async Task AssertRefusedOrAnsweredAsync(HttpResponseMessage response, string input)
    {
        var status = (int)response.StatusCode;
        Assert.True(status < 500 || status == 502, $"{Escape(input[..Math.Min(200, input.Length)])}: {status}");
        if (status >= 400)
            Assert.False(string.IsNullOrWhiteSpace(await response.Content.ReadAsStringAsync()), $"{Escape(input[..Math.Min(200, input.Length)])}: {status} without a message");
    }

    private static string Escape(string text) => string.Concat(text.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
