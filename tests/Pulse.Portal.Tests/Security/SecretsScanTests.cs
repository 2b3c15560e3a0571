using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Integrations;
using Pulse.Core.Operations.ApiKeys;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;
using Pulse.Portal.Tests.Infrastructure;
using Pulse.Testing.Postgres;

namespace Pulse.Portal.Tests.Security;

/// <summary>
/// No credential plaintext anywhere it could leak: an integration is created with a canary key and used (a connection
/// test with the stored key), an API key is created, then every page the owner (and the platform admin) can open, the
/// API, the usage exports and the audit log are exercised, and the canary and the API key's secret are searched for in
/// every text, JSON and bytea column of every table, in the portal's log files, and in every body that came back.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class SecretsScanTests(PortalServerFixture portal)
{
    [Fact]
    public async Task A_canary_provider_key_and_an_api_key_secret_appear_nowhere_in_the_database_logs_pages_api_or_exports()
    {
        var canary = $"sk-canary-{Guid.NewGuid():N}";
        var acme = await portal.TenantIdAsync(SecurityWorld.Acme);
        var owner = new TestTenantContext(acme, false, null, PulseRoles.TenantOwner);
        int integrationId;
        using (var scope = portal.Services.CreateScope())
        {
            var integrations = ActivatorUtilities.CreateInstance<IntegrationService>(scope.ServiceProvider,
                new PulseDbContextFactory(portal.Services.GetRequiredService<PulseDatabase>(), owner), (ITenantContext)owner);
            var input = new IntegrationInput
            {
                Name = "Canary " + canary[^6..], Kind = ProviderKind.OpenAI, BaseUrl = "http://127.0.0.1:9/v1", Model = "text-embedding-3-small", Dimension = 1536,
                SecretChange = SecretChange.Replace, NewSecret = canary, TimeoutSeconds = 2, MaxRetries = 0,
            };
            integrationId = await integrations.CreateAsync(input);
            // Use the stored key once (the provider is unreachable, so the failure path is logged too), then edit without touching it.
            var test = await integrations.TestConnectionAsync(integrationId, input with { SecretChange = SecretChange.Keep, NewSecret = null });
            Assert.False(test.Success);
            Assert.DoesNotContain(canary, test.ToString());
            await integrations.UpdateAsync(integrationId, input with { SecretChange = SecretChange.Keep, NewSecret = null, Model = "text-embedding-3-large" });
        }
        var key = await portal.CreateApiKeyAsync(acme, "secrets scan");
        Assert.True(ApiKeyToken.TryParse(key.Token, out _, out var apiSecret));

        var seen = new StringBuilder();
        using (var client = await portal.SignedInClientAsync(DemoUsers.AcmeOwner.Email))
        {
            foreach (var page in DemoUsers.AcmeOwner.Pages.Select(p => DemoUsers.Routes[p]))
                seen.Append(await client.GetStringAsync(page.TrimStart('/')));
            Assert.Contains("Canary " + canary[^6..], seen.ToString()); // the integrations page lists it
            var from = DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var to = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            seen.Append(await client.GetStringAsync($"usage/export/raw.csv?from={from}&to={to}"));
            seen.Append(await client.GetStringAsync($"usage/export/aggregated.csv?from={from}&to={to}&breakdown=integration"));
        }
        using (var admin = await portal.SignedInClientAsync(DemoUsers.PlatformAdmin.Email))
            foreach (var page in DemoUsers.PlatformAdmin.Pages.Select(p => DemoUsers.Routes[p]))
                seen.Append(await admin.GetStringAsync(page.TrimStart('/')));
        using (var ops = await portal.SignedInClientAsync(DemoUsers.AcmeOps.Email))
        {
            var (collections, _) = await portal.CollectionsWithSnapshotAsync(acme);
            foreach (var format in new[] { "jsonl", "csv" })
                seen.Append(await ops.GetStringAsync($"collections/{collections[0]}/export?format={format}"));
            foreach (var page in DemoUsers.AcmeOps.Pages.Select(p => DemoUsers.Routes[p]))
                seen.Append(await ops.GetStringAsync(page.TrimStart('/')));
        }
        using (var api = portal.ApiClient(key.Token))
        {
            foreach (var path in new[] { "api/v1/collections", "api/v1/health", "api/v1/usage", "api/v1/schema/health" })
                seen.Append(await api.GetStringAsync(path));
            using var search = await api.PostAsJsonAsync("api/v1/search", new { collection = "docs", query = canary, limit = 3 });
            seen.Append(await search.Content.ReadAsStringAsync());
        }

        var responses = seen.ToString();
        Assert.DoesNotContain(canary, responses);
        Assert.DoesNotContain(apiSecret, responses);

        var logs = await portal.ReadLogsAsync();
        Assert.Contains("Integration", logs, StringComparison.OrdinalIgnoreCase); // the logs were written and read
        Assert.DoesNotContain(canary, logs);
        Assert.DoesNotContain(apiSecret, logs);
        Assert.DoesNotContain(key.Token, logs);

        // Positive control: the scanner finds what is meant to be there (the integration's name, in its row and the audit log).
        Assert.Contains("integrations.integration_name", await portal.DatabaseColumnsContainingAsync("Canary " + canary[^6..]));
        var hits = await portal.DatabaseColumnsContainingAsync(canary, apiSecret);
        Assert.True(hits.Count == 0, "plaintext found in: " + string.Join(", ", hits));

        await using var db = portal.PlatformDb();
        var stored = await db.Integrations.Where(i => i.Id == integrationId).Select(i => i.Credentials).SingleAsync();
        Assert.False(string.IsNullOrWhiteSpace(stored));
        Assert.True(IntegrationCredentialProtector.HasSecret(stored), "the encrypted key is stored");
        Assert.NotEqual(canary, stored);
        Assert.DoesNotContain(canary, stored);
    }

    /// <summary>
    /// Whatever the other tests of the portal collection did before this one (integrations saved with keys in the browser,
    /// API keys shown once, connection tests): nothing shaped like a provider key or an API key token is stored or logged
    /// in plaintext. The shapes are those of OpenAI-style keys (<c>sk-</c>) and of this portal's tokens (<see cref="ApiKeyToken"/>).
    /// The same sweep runs once more when the portal of the collection stops, after its last test (PortalServerFixture).
    /// </summary>
    [Fact]
    public async Task Nothing_shaped_like_a_provider_key_or_an_api_key_token_is_stored_or_logged_in_plaintext()
    {
        const string ProviderKey = SecretScanner.ProviderKeyShape;
        const string ApiToken = SecretScanner.ApiTokenShape;
        // Positive control: the shapes match what the tests create.
        Assert.Matches(ProviderKey, $"key sk-canary-{Guid.NewGuid():N}");
        Assert.Matches(ApiToken, ApiKeyToken.Generate().Token);
        Assert.DoesNotMatch(ProviderKey, "risk-based retry budget for a task-oriented service");

        await using (var db = portal.PlatformDb())
        {
            // PostgreSQL's regular expressions (not .NET's) run the database scan: they match the shapes too.
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var control = new NpgsqlCommand("SELECT @k ~ @pk AND @t ~ @pt AND NOT (@plain ~ @pk)", connection);
            control.Parameters.AddWithValue("k", $"key sk-canary-{Guid.NewGuid():N}");
            control.Parameters.AddWithValue("t", ApiKeyToken.Generate().Token);
            control.Parameters.AddWithValue("plain", "risk-based retry budget for a task-oriented service");
            control.Parameters.AddWithValue("pk", ProviderKey);
            control.Parameters.AddWithValue("pt", ApiToken);
            Assert.True((bool)(await control.ExecuteScalarAsync())!);
        }

        var findings = await portal.CredentialShapedPlaintextAsync();
        Assert.True(findings.Count == 0, "credential-shaped plaintext in: " + string.Join(", ", findings));
    }
}
