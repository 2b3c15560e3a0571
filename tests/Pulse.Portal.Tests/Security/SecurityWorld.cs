using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Data;
using Pulse.Core.Operations.ApiKeys;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Portal.Tests.Infrastructure;
using Pulse.Testing.Postgres;

namespace Pulse.Portal.Tests.Security;

/// <summary>What the security tests arrange on the shared portal: sign-ins over HTTP (with the antiforgery token), tenant ids, API keys.</summary>
internal static partial class SecurityWorld
{
    public const string Acme = "Acme Analytics";
    public const string Globex = "Globex Engineering";

    /// <summary>A client signed in as <paramref name="email"/> over the real sign-in form.</summary>
    public static async Task<HttpClient> SignedInClientAsync(this PortalServerFixture portal, string email)
    {
        var client = portal.CreateClient(cookies: new CookieContainer());
        var form = await client.GetStringAsync("account/login");
        var fields = HiddenInput().Matches(form).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Input.Email"] = email;
        fields["Input.Password"] = portal.DemoPassword;
        using var response = await client.PostAsync("account/login", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>The antiforgery fields of a page's forms, for posting to an endpoint as a browser would.</summary>
    public static async Task<Dictionary<string, string>> FormFieldsAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        return HiddenInput().Matches(html).GroupBy(m => m.Groups["name"].Value)
            .ToDictionary(g => g.Key, g => WebUtility.HtmlDecode(g.First().Groups["value"].Value));
    }

    public static async Task<int> TenantIdAsync(this PortalServerFixture portal, string name)
    {
        await using var db = portal.PlatformDb();
        return await db.Tenants.Where(t => t.Name == name).Select(t => t.Id).SingleAsync();
    }

    public static PulseDbContext PlatformDb(this PortalServerFixture portal) =>
        new PulseDbContextFactory(portal.Services.GetRequiredService<PulseDatabase>(), SystemTenantContext.Platform).CreateDbContext();

    /// <summary>The store below the tenant gate, for arranging and fingerprinting.</summary>
    public static IVectorStore RawStore(this PortalServerFixture portal) => portal.Services.GetRequiredService<IVectorStore>();

    /// <summary>A new API key of the tenant, created by its owner through the API-key service (the token is shown once).</summary>
    public static async Task<CreatedApiKey> CreateApiKeyAsync(this PortalServerFixture portal, int tenantId, string name)
    {
        var owner = new TestTenantContext(tenantId, false, null, PulseRoles.TenantOwner);
        var keys = new ApiKeyService(new PulseDbContextFactory(portal.Services.GetRequiredService<PulseDatabase>(), owner), owner, TimeProvider.System);
        return await keys.CreateAsync($"{name} {Guid.NewGuid():N}"[..40]);
    }

    public static HttpClient ApiClient(this PortalServerFixture portal, string token)
    {
        var client = portal.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The tenant's collections, with a snapshot of the first (so there is something to download).</summary>
    public static async Task<(IReadOnlyList<string> Collections, string Snapshot)> CollectionsWithSnapshotAsync(this PortalServerFixture portal, int tenantId)
    {
        var store = portal.RawStore();
        var names = (await store.ListCollectionsAsync()).Where(n => CollectionNames.TryParseTenant(n, out var owner, out _) && owner == tenantId).Order().ToList();
        Assert.NotEmpty(names);
        var snapshots = await store.ListSnapshotsAsync(names[0]);
        var snapshot = snapshots.Count > 0 ? snapshots[0].Name : (await store.CreateSnapshotAsync(names[0])).Name;
        return (names, snapshot);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
