using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Data;
using Pulse.Core.Operations.ApiKeys;
using Pulse.Core.VectorStore;
using Pulse.Portal.Tests.Infrastructure;
using Pulse.Testing.Metrics;
using Pulse.Testing.Postgres;

namespace Pulse.Portal.Tests;

/// <summary>/api/v1 over real HTTP: API key auth, tenant isolation, problem details, rate limits, the OpenAPI document and /metrics.</summary>
[Collection(PortalCollection.Name)]
public sealed class ApiTests(PortalServerFixture portal)
{
    [Fact]
    public async Task A_request_without_a_key_gets_401_problem_details_with_a_bearer_challenge()
    {
        using var client = portal.CreateClient();

        using var response = await client.GetAsync("api/v1/collections");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("API key", problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_revoked_key_gets_401_and_an_unknown_key_too()
    {
        var (tenantId, keys) = await OwnerKeysAsync("acme");
        var created = await keys.CreateAsync($"revoked-{Guid.NewGuid():N}"[..20]);
        using var client = Client(created.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/collections")).StatusCode);

        await keys.RevokeAsync(created.Key.Id);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/v1/collections")).StatusCode);
        using var unknown = Client("pulse_abcdefghijkm_" + new string('x', 43));
        Assert.Equal(HttpStatusCode.Unauthorized, (await unknown.GetAsync("api/v1/collections")).StatusCode);
        Assert.True(tenantId > 0);
    }

    [Fact]
    public async Task A_key_lists_and_reads_its_own_collections_and_gets_404_for_another_tenants()
    {
        var (acmeId, acmeKeys) = await OwnerKeysAsync("acme");
        var (globexId, _) = await OwnerKeysAsync("globex");
        var logical = $"api{Guid.NewGuid():N}"[..12];
        var store = portal.Services.GetRequiredService<IVectorStore>();
        var mine = CollectionNames.ForTenant(acmeId, logical);
        var theirs = CollectionNames.ForTenant(globexId, logical);
        await store.CreateCollectionAsync(mine, new CollectionDefinition(384, Distance.Cosine));
        await store.CreateCollectionAsync(theirs, new CollectionDefinition(384, Distance.Cosine));
        await store.UpsertAsync(mine, [new VectorPoint(1UL, Vector(1), null), new VectorPoint(2UL, Vector(2), null)]);
        using var client = Client((await acmeKeys.CreateAsync($"reader-{Guid.NewGuid():N}"[..20])).Token);

        var list = await client.GetFromJsonAsync<JsonElement>("api/v1/collections");
        var names = list.GetProperty("collections").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Contains(mine, names);
        Assert.DoesNotContain(theirs, names);
        Assert.All(names, n => Assert.StartsWith($"client_{acmeId}_", n));

        var one = await client.GetFromJsonAsync<JsonElement>($"api/v1/collections/{logical}");
        Assert.Equal((mine, "green", 2L), (one.GetProperty("name").GetString(), one.GetProperty("status").GetString(), one.GetProperty("pointsCount").GetInt64()));

        using var other = await client.GetAsync($"api/v1/collections/{theirs}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"api/v1/collections/{theirs}/validate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("api/v1/search", new { collection = theirs, query = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/v1/collections/does-not-exist")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("api/v1/collections/bad%20name")).StatusCode);
    }

    [Fact]
    public async Task Validate_search_usage_schema_and_health_answer_for_the_keys_tenant()
    {
        var (acmeId, keys) = await OwnerKeysAsync("acme");
        var logical = $"srch{Guid.NewGuid():N}"[..12];
        var store = portal.Services.GetRequiredService<IVectorStore>();
        await store.CreateCollectionAsync(CollectionNames.ForTenant(acmeId, logical), new CollectionDefinition(384, Distance.Cosine));
        await store.UpsertAsync(CollectionNames.ForTenant(acmeId, logical), [new VectorPoint(7UL, Vector(7), null)]);
        using var client = Client((await keys.CreateAsync($"all-{Guid.NewGuid():N}"[..20])).Token);

        var validation = await (await client.PostAsync($"api/v1/collections/{logical}/validate", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(validation.GetProperty("valid").GetBoolean());
        Assert.False(validation.GetProperty("schemaDeclared").GetBoolean());

        using var search = await client.PostAsJsonAsync("api/v1/search", new { collection = logical, query = "quarterly revenue", limit = 5 });
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        var hits = (await search.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hits");
        Assert.Equal("7", hits[0].GetProperty("id").GetString());

        // Another tenant's applied schema never shows in this tenant's version answer.
        await using (var db = new Pulse.Core.Data.PulseDbContextFactory(portal.Services.GetRequiredService<Pulse.Core.Data.PulseDatabase>(), Pulse.Core.Tenancy.SystemTenantContext.Platform).CreateDbContext())
        {
            var other = await db.Tenants.Where(t => t.Id != acmeId).Select(t => t.Id).FirstAsync();
            db.Add(new Pulse.Core.Collections.Schema.CollectionSchemaVersion
            {
                TenantId = other, CollectionName = $"client_{other}_secretdocs", PhysicalName = $"client_{other}_secretdocs_v7", SchemaName = "other-tenant", Version = 7, Definition = "{}",
            });
            await db.SaveChangesAsync();
        }
        var version = await client.GetFromJsonAsync<JsonElement>("api/v1/schema/version");
        Assert.All(version.GetProperty("collections").EnumerateArray(), c => Assert.DoesNotContain("secretdocs", c.GetProperty("collection").GetString()));
        Assert.NotEqual(7, version.GetProperty("version").ValueKind == JsonValueKind.Number ? version.GetProperty("version").GetInt32() : 0);
        var schemaHealth = await client.GetFromJsonAsync<JsonElement>("api/v1/schema/health");
        Assert.All(schemaHealth.GetProperty("collections").EnumerateArray(), c => Assert.StartsWith($"client_{acmeId}_", c.GetProperty("name").GetString()));

        var usage = await client.GetFromJsonAsync<JsonElement>("api/v1/usage?days=7");
        Assert.True(usage.GetProperty("calls").GetInt64() >= 0);
        Assert.Equal(JsonValueKind.Array, usage.GetProperty("byProvider").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("api/v1/usage?days=0")).StatusCode);

        var health = await client.GetFromJsonAsync<JsonElement>("api/v1/health");
        var rows = health.GetProperty("rows").EnumerateArray().ToList();
        Assert.Contains(rows, r => r.GetProperty("component").GetString() == "PostgreSQL");
        Assert.DoesNotContain(rows, r => r.GetProperty("name").GetString()!.StartsWith("client_", StringComparison.Ordinal)
            && !r.GetProperty("name").GetString()!.StartsWith($"client_{acmeId}_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validate_and_schema_health_check_a_collection_against_its_declared_schema()
    {
        var (acmeId, keys) = await OwnerKeysAsync("acme");
        var logical = $"decl{Guid.NewGuid():N}"[..12];
        var missing = $"miss{Guid.NewGuid():N}"[..12];
        var full = CollectionNames.ForTenant(acmeId, logical);
        await portal.Services.GetRequiredService<IVectorStore>().CreateCollectionAsync(full, new CollectionDefinition(384, Distance.Cosine));
        var yaml = $"""
            schema: api-drift
            version: 3
            scope: tenant
            collections:
              {logical}:
                vector_size: 384
                distance: Cosine
                payload_indexes:
                  city: keyword
              {missing}:
                vector_size: 384
            """;
        await using (var db = new PulseDbContextFactory(portal.Services.GetRequiredService<PulseDatabase>(), Pulse.Core.Tenancy.SystemTenantContext.Platform).CreateDbContext())
        {
            foreach (var name in new[] { full, CollectionNames.ForTenant(acmeId, missing) })
                db.Add(new Pulse.Core.Collections.Schema.CollectionSchemaVersion
                {
                    TenantId = acmeId, CollectionName = name, PhysicalName = name, SchemaName = "api-drift", Version = 3, Definition = yaml,
                });
            await db.SaveChangesAsync();
        }
        using var client = Client((await keys.CreateAsync($"schema-{Guid.NewGuid():N}"[..20])).Token);

        var validation = await (await client.PostAsync($"api/v1/collections/{logical}/validate", null)).Content.ReadFromJsonAsync<JsonElement>();
        var health = await client.GetFromJsonAsync<JsonElement>("api/v1/schema/health");

        Assert.False(validation.GetProperty("valid").GetBoolean());
        Assert.True(validation.GetProperty("schemaDeclared").GetBoolean());
        var schemaCheck = validation.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("check").GetString() == "schema");
        Assert.False(schemaCheck.GetProperty("passed").GetBoolean());
        Assert.Contains("Drifted from schema api-drift v3 (payload indexes): Create payload index city (keyword).", schemaCheck.GetProperty("detail").GetString());
        Assert.True(health.GetProperty("schemaDeclared").GetBoolean());
        Assert.Equal("red", health.GetProperty("status").GetString());
        var rows = health.GetProperty("collections").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal("yellow", rows[full].GetProperty("status").GetString());
        Assert.Equal("red", rows[CollectionNames.ForTenant(acmeId, missing)].GetProperty("status").GetString());
        Assert.Contains("missing from the vector store", rows[CollectionNames.ForTenant(acmeId, missing)].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Unknown_addresses_and_unreadable_bodies_under_api_v1_are_problem_details()
    {
        var (_, keys) = await OwnerKeysAsync("acme");
        using var client = Client((await keys.CreateAsync($"probe-{Guid.NewGuid():N}"[..20])).Token);

        using var unknown = await client.GetAsync("api/v1/no-such-thing");
        using var malformed = await client.PostAsync("api/v1/search", new StringContent("{\"collection\": ", System.Text.Encoding.UTF8, "application/json"));
        using var anonymous = await portal.CreateClient().GetAsync("api/v1/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/openapi/v1.json", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_key_past_its_requests_per_minute_gets_429_with_retry_after()
    {
        var (_, keys) = await OwnerKeysAsync("globex");
        using var client = Client((await keys.CreateAsync($"busy-{Guid.NewGuid():N}"[..20])).Token);
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 130 && limited is null; i++)
        {
            var response = await client.GetAsync("api/v1/schema/version");
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited = response;
            else response.Dispose();
        }

        Assert.NotNull(limited);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        limited.Dispose();
        using var otherKey = Client((await keys.CreateAsync($"calm-{Guid.NewGuid():N}"[..20])).Token);
        Assert.Equal(HttpStatusCode.OK, (await otherKey.GetAsync("api/v1/schema/version")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_is_served_as_json_and_lists_every_api_endpoint()
    {
        using var client = portal.CreateClient();

        using var response = await client.GetAsync("openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString());
        var paths = root.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "/api/v1/collections", "/api/v1/collections/{name}", "/api/v1/collections/{name}/validate", "/api/v1/schema/version",
            "/api/v1/schema/health", "/api/v1/search", "/api/v1/usage", "/api/v1/health",
        }, paths);
        Assert.All(paths, p => Assert.StartsWith("/api/v1/", p));
        Assert.True(root.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("ApiKey", out _));
    }

    [Fact]
    public async Task Metrics_are_served_to_loopback_in_prometheus_text_format_with_request_and_provider_series()
    {
        using var client = portal.CreateClient();
        await client.GetAsync("healthz");
        // The request's duration is recorded as its response completes, which may be just after the client has it.
        await client.GetAsync("healthz");

        using var response = await client.GetAsync("metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("0.0.4", response.Content.Headers.ContentType?.Parameters.Single(p => p.Name == "version").Value);
        var text = await response.Content.ReadAsStringAsync();
        var families = PrometheusText.Parse(text);
        Assert.Equal("histogram", families["http_server_request_duration_seconds"]);
        Assert.True(text.Contains("http_route=\"/healthz\"", StringComparison.Ordinal), text[..Math.Min(text.Length, 3000)]);
        Assert.True(families.ContainsKey("pulse_database_reads_fall_back_to_primary"));
        Assert.True(families.ContainsKey("pulse_vectorstore_operations_total"));
    }

    private HttpClient Client(string token)
    {
        var client = portal.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<(int TenantId, ApiKeyService Keys)> OwnerKeysAsync(string slug)
    {
        var database = portal.Services.GetRequiredService<PulseDatabase>();
        await using var db = new PulseDbContextFactory(database, TestTenantContext.Admin()).CreateDbContext();
        var tenantId = await db.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync();
        var owner = TestTenantContext.User(tenantId);
        return (tenantId, new ApiKeyService(new PulseDbContextFactory(database, owner), owner, TimeProvider.System));
    }

    private static float[] Vector(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, 384).Select(_ => (float)random.NextDouble())];
    }
}
