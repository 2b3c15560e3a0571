using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.VectorStore;
using Pulse.Portal.Tests.Infrastructure;

namespace Pulse.Portal.Tests.Security;

/// <summary>
/// The HTTP side of the tenant isolation matrix: every page route with an identifier and every mapped endpoint is listed
/// from the running portal (a new one without a case here fails), and for each a user or API key of Acme aims it at
/// Globex's objects (a collection, a snapshot, the tenant id in a forged query or form field). The answer is "not found"
/// or "access denied" (or, for lists, only Acme's own objects), no Globex data is in the body, and Globex's collections,
/// snapshots, integrations and keys are unchanged afterwards.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class TenantIsolationHttpTests(PortalServerFixture portal, TenantIsolationHttpTests.Sessions sessions) : IClassFixture<TenantIsolationHttpTests.Sessions>
{
    /// <summary>Endpoints that take no identifier and return no tenant data, and why they need no case.</summary>
    private static readonly Dictionary<string, string> NoTenantData = new()
    {
        ["GET /{**path:file}"] = "static files",
        ["HEAD /{**path:file}"] = "static files",
        ["GET /healthz"] = "liveness, no data",
        ["GET /readyz"] = "readiness, no data",
        ["GET /metrics"] = "platform metrics, loopback or scrape token only (MetricsEndpoints)",
        ["GET /openapi/{documentName}.json"] = "the API's description",
        ["POST /account/logout"] = "signs the caller out",
    };

    private static readonly Dictionary<string, Func<Session, Task>> Cases = new()
    {
        // Pages with an identifier in the route
        ["PAGE /collections/{}"] = async s =>
        {
            foreach (var client in new[] { s.AcmeOwner, s.AcmeOps })
            foreach (var name in s.GlobexCollections)
            {
                using var response = await client.GetAsync("collections/" + name);
                var body = await AssertRefusedOrEmptyAsync(response, s);
                if (response.StatusCode == HttpStatusCode.OK)
                    Assert.Contains("role=\"alert\"", body); // the page says why, and shows no points
                Assert.DoesNotContain(" points</span>", body);
            }
        },

        // Endpoints with identifiers
        ["GET /collections/{name}/snapshots/{snapshot}/download"] = async s =>
        {
            foreach (var client in new[] { s.AcmeOwner, s.AcmeOps })
            {
                using var response = await client.GetAsync($"collections/{s.GlobexCollections[0]}/snapshots/{s.GlobexSnapshot}/download");
                Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"download answered {(int)response.StatusCode}");
            }
        },
        ["GET /collections/{name}/export"] = async s =>
        {
            foreach (var client in new[] { s.AcmeOwner, s.AcmeOps })
                foreach (var format in new[] { "jsonl", "csv" })
                {
                    using var response = await client.GetAsync($"collections/{s.GlobexCollections[0]}/export?format={format}");
                    Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"export answered {(int)response.StatusCode}");
                }
        },
        ["GET /usage/export/aggregated.csv"] = s => ForgedUsageExportsAsync(s, "usage/export/aggregated.csv"),
        ["GET /usage/export/raw.csv"] = s => ForgedUsageExportsAsync(s, "usage/export/raw.csv"),
        ["POST /account/select-tenant"] = async s =>
        {
            var fields = await SecurityWorld.FormFieldsAsync(s.AcmeOwner, "");
            fields["tenantId"] = s.Globex.ToString(System.Globalization.CultureInfo.InvariantCulture);
            fields["returnUrl"] = "/collections";
            using var response = await s.AcmeOwner.PostAsync("account/select-tenant", new FormUrlEncodedContent(fields));
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest
                || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("access-denied", StringComparison.Ordinal)),
                $"select-tenant answered {(int)response.StatusCode}");
            var collections = await s.AcmeOwner.GetStringAsync("collections");
            Assert.DoesNotContain(s.GlobexPrefix, collections);
            Assert.Contains(s.AcmePrefix, collections);
        },

        // The API with an Acme key
        ["GET /api/v1/collections"] = async s =>
        {
            using var response = await s.AcmeKey.GetAsync("api/v1/collections");
            var body = await AssertOwnDataOnlyAsync(response, s);
            Assert.Contains(s.AcmePrefix, body);
        },
        ["GET /api/v1/collections/{name}"] = async s =>
        {
            foreach (var name in s.GlobexCollections)
                await AssertRefusedOrEmptyAsync(await s.AcmeKey.GetAsync("api/v1/collections/" + name), s, HttpStatusCode.NotFound);
        },
        ["POST /api/v1/collections/{name}/validate"] = async s =>
        {
            foreach (var name in s.GlobexCollections)
                await AssertRefusedOrEmptyAsync(await s.AcmeKey.PostAsync($"api/v1/collections/{name}/validate", null), s, HttpStatusCode.NotFound);
        },
        ["POST /api/v1/search"] = async s =>
        {
            foreach (var name in s.GlobexCollections)
                await AssertRefusedOrEmptyAsync(await s.AcmeKey.PostAsJsonAsync("api/v1/search", new { collection = name, query = "retry budget", limit = 5 }), s, HttpStatusCode.NotFound);
        },
        ["GET /api/v1/usage"] = async s =>
        {
            using var own = await s.AcmeKey.GetAsync("api/v1/usage?days=366");
            var ownBody = await AssertOwnDataOnlyAsync(own, s);
            using var forged = await s.AcmeKey.GetAsync($"api/v1/usage?days=366&tenantId={s.Globex}&tenant={s.Globex}&tenant_id={s.Globex}");
            var forgedBody = await AssertOwnDataOnlyAsync(forged, s);
            Assert.Equal(Calls(ownBody), Calls(forgedBody));
        },
        ["GET /api/v1/schema/version"] = async s =>
        {
            using var response = await s.AcmeKey.GetAsync($"api/v1/schema/version?tenant={s.Globex}");
            Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.DoesNotContain(s.GlobexPrefix, await response.Content.ReadAsStringAsync());
        },
        ["GET /api/v1/schema/health"] = async s => await AssertOwnDataOnlyAsync(await s.AcmeKey.GetAsync($"api/v1/schema/health?tenant={s.Globex}"), s),
        ["GET /api/v1/health"] = async s => await AssertOwnDataOnlyAsync(await s.AcmeKey.GetAsync($"api/v1/health?tenant={s.Globex}"), s),
        ["GET /api/v1/{*path:nonfile}"] = async s =>
        {
            using var response = await s.AcmeKey.GetAsync($"api/v1/tenants/{s.Globex}/collections");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain(s.GlobexPrefix, await response.Content.ReadAsStringAsync());
        },
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys.Order());

    [Fact]
    public void Every_page_route_with_an_identifier_and_every_endpoint_has_an_isolation_case()
    {
        var pages = typeof(Program).Assembly.GetTypes().SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Where(r => r.Template.Contains('{', StringComparison.Ordinal))
            .Select(r => "PAGE /" + Regex.Replace(r.Template.Trim('/'), "\\{[^}]+\\}", "{}"));
        var endpoints = portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is null && e.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is null)
            .Select(e => (Endpoint: e, Pattern: "/" + (e.RoutePattern.RawText ?? "").TrimStart('/')))
            .Where(e => !e.Pattern.StartsWith("/_blazor", StringComparison.Ordinal) && !e.Pattern.StartsWith("/_framework", StringComparison.Ordinal))
            .SelectMany(e => (e.Endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {e.Pattern}"));
        var all = pages.Concat(endpoints).Distinct().ToList();

        var missing = all.Where(k => !Cases.ContainsKey(k) && !NoTenantData.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "Add a tenant isolation case (or a reason) for: " + string.Join(", ", missing));
        var stale = Cases.Keys.Concat(NoTenantData.Keys).Except(all).ToList();
        Assert.True(stale.Count == 0, "No longer mapped: " + string.Join(", ", stale));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Acme_aiming_a_page_or_endpoint_at_Globex_gets_not_found_or_access_denied_and_Globex_is_unchanged(string route)
    {
        var session = await sessions.GetAsync(portal);
        var before = await session.FingerprintOfGlobexAsync();

        await Cases[route](session);

        Assert.Equal(before, await session.FingerprintOfGlobexAsync());
    }

    private static async Task ForgedUsageExportsAsync(Session s, string path)
    {
        var from = DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var to = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var g = s.Globex;
        // The export's own parameter, refused outright.
        using (var forged = await s.AcmeOwner.GetAsync($"{path}?from={from}&to={to}&tenant={g}"))
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        // Variants that must never widen the scope: repeated, padded, signed, hex, other spellings, huge.
        foreach (var variant in new[] { $"tenant={g}&tenant={s.Acme}", $"tenant={s.Acme}&tenant={g}", $"tenant=%20{g}", $"tenant=+{g}", $"tenant=0{g}", $"tenant=0x{g:x}",
                     $"tenantId={g}", $"tenant_id={g}", $"TENANT={g}", "tenant=-1", "tenant=99999999999", $"tenant={g}%00" })
        {
            using var response = await s.AcmeOwner.GetAsync($"{path}?from={from}&to={to}&{variant}&breakdown=tenant");
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"{variant}: {(int)response.StatusCode}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(SecurityWorld.Globex, body);
        }
        // And the own export names only Acme.
        using var own = await s.AcmeOwner.GetAsync($"{path}?from={from}&to={to}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.DoesNotContain(SecurityWorld.Globex, await own.Content.ReadAsStringAsync());
    }

    private static async Task<string> AssertRefusedOrEmptyAsync(HttpResponseMessage response, Session s, HttpStatusCode? expected = null)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (expected is { } status) Assert.Equal(status, response.StatusCode);
            else
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Forbidden or HttpStatusCode.NotFound
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("access-denied", StringComparison.Ordinal)),
                    $"answered {(int)response.StatusCode}");
            Assert.DoesNotContain("retry budget", body, StringComparison.OrdinalIgnoreCase); // no payloads
            Assert.DoesNotContain(SecurityWorld.Globex, body);
            return body;
        }
    }

    private static async Task<string> AssertOwnDataOnlyAsync(HttpResponseMessage response, Session s)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(s.GlobexPrefix, body);
            Assert.DoesNotContain(SecurityWorld.Globex, body);
            return body;
        }
    }

    private static long Calls(string usageJson) => System.Text.Json.JsonDocument.Parse(usageJson).RootElement.GetProperty("calls").GetInt64();

    /// <summary>Acme's owner, ops and API key, and Globex's objects to aim at.</summary>
    public sealed class Session
    {
        public required PortalServerFixture Portal { get; init; }
        public required int Acme { get; init; }
        public required int Globex { get; init; }
        public required HttpClient AcmeOwner { get; init; }
        public required HttpClient AcmeOps { get; init; }
        public required HttpClient AcmeKey { get; init; }
        public required IReadOnlyList<string> GlobexCollections { get; init; }
        public required string GlobexSnapshot { get; init; }
        public string GlobexPrefix => $"{CollectionNames.TenantPrefix}{Globex}_";
        public string AcmePrefix => $"{CollectionNames.TenantPrefix}{Acme}_";

        public async Task<string> FingerprintOfGlobexAsync()
        {
            var store = Portal.RawStore();
            var text = new System.Text.StringBuilder();
            foreach (var name in (await store.ListCollectionsAsync()).Where(n => n.StartsWith(GlobexPrefix, StringComparison.Ordinal)).Order())
            {
                var info = await store.GetCollectionInfoAsync(name);
                text.Append(name).Append(' ').Append(info.PointsCount).Append(' ').AppendJoin(',', info.PayloadSchema.Keys.Order())
                    .Append(" snapshots ").AppendJoin(',', (await store.ListSnapshotsAsync(name)).Select(x => x.Name).Order()).AppendLine();
            }
            await using var db = Portal.PlatformDb();
            text.AppendJoin(';', await db.Integrations.Where(i => i.TenantId == Globex).OrderBy(i => i.Id)
                .Select(i => i.Id + i.IntegrationName + i.Active + i.Credentials + i.FallbackIntegrationId).ToListAsync());
            text.AppendJoin(';', await db.Set<Pulse.Core.Operations.ApiKeys.ApiKey>().Where(k => k.TenantId == Globex).OrderBy(k => k.Id)
                .Select(k => k.Id + k.Name + k.RevokedAt).ToListAsync());
            return text.ToString();
        }
    }

    /// <summary>Signs each user in once for the class.</summary>
    public sealed class Sessions : IAsyncLifetime
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private Session? _session;

        internal async Task<Session> GetAsync(PortalServerFixture portal)
        {
            await _gate.WaitAsync();
            try
            {
                if (_session is not null) return _session;
                var acme = await portal.TenantIdAsync(SecurityWorld.Acme);
                var globex = await portal.TenantIdAsync(SecurityWorld.Globex);
                var (collections, snapshot) = await portal.CollectionsWithSnapshotAsync(globex);
                var key = await portal.CreateApiKeyAsync(acme, "isolation");
                return _session = new Session
                {
                    Portal = portal, Acme = acme, Globex = globex,
                    AcmeOwner = await portal.SignedInClientAsync(DemoUsers.AcmeOwner.Email),
                    AcmeOps = await portal.SignedInClientAsync(DemoUsers.AcmeOps.Email),
                    AcmeKey = portal.ApiClient(key.Token),
                    GlobexCollections = collections, GlobexSnapshot = snapshot,
                };
            }
            finally { _gate.Release(); }
        }

        public Task InitializeAsync() => Task.CompletedTask;

        public Task DisposeAsync()
        {
            _session?.AcmeOwner.Dispose();
            _session?.AcmeOps.Dispose();
            _session?.AcmeKey.Dispose();
            return Task.CompletedTask;
        }
    }
}
