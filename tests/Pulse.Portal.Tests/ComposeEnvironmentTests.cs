using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Pulse.Core.Data;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Qdrant;
using Pulse.Portal.Tests.Infrastructure;
using Pulse.Testing.Postgres;
using YamlDotNet.RepresentationModel;
using static Microsoft.Playwright.Assertions;

namespace Pulse.Portal.Tests;

/// <summary>
/// The portal with docker-compose.yml's environment for the portal service, its variables filled from .env.example,
/// and only what cannot run here replaced: both connection strings point at a local PostgreSQL database (primary and
/// replica alike), the embedded store stands in for Qdrant, no embedding server, and temporary folders for /data and
/// /keys. Production environment, no demo seeding.
/// </summary>
public sealed partial class ComposeEnvironmentPortalFixture : PortalServerFixture
{
    private readonly PostgresServerFixture _postgres = new();
    private readonly string _keys = Path.Combine(Path.GetTempPath(), $"pulse-portal-tests-keys-{Guid.NewGuid():N}");

    /// <summary>The compose file's portal settings after substitution (configuration keys, ':'-separated).</summary>
    public IReadOnlyDictionary<string, string> ComposeSettings { get; private set; } = new Dictionary<string, string>();

    protected override string EnvironmentName => ComposeSettings.TryGetValue("ASPNETCORE_ENVIRONMENT", out var name) ? name : "Production";

    protected override async Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        ComposeSettings = ReadComposeSettings();
        await _postgres.InitializeAsync();
        var database = await _postgres.CreateDatabaseAsync("compose");
        settings.Remove("Pulse:SeedDemo");
        foreach (var (key, value) in ComposeSettings)
        {
            if (key.StartsWith("ASPNETCORE_", StringComparison.Ordinal)) continue;
            settings[key] = value;
        }
        // What cannot run on this machine: the compose network's hosts and folders.
        settings["ConnectionStrings:Primary"] = database;
        settings["ConnectionStrings:Replica"] = database;
        settings["Pulse:VectorStore:QdrantUrl"] = "";
        settings["Pulse:Providers:EmbeddingServerUrl"] = "";
        settings["Pulse:DataFolder"] = settings["Pulse:DataFolder"] is "/data" ? DataFolder : settings["Pulse:DataFolder"];
        settings["Pulse:DataProtection:KeysFolder"] = _keys;
    }

    protected override async Task ReleaseAsync()
    {
        await _postgres.DisposeAsync();
        try { Directory.Delete(_keys, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }

    /// <summary>The portal service's environment with ${VAR}, ${VAR:-default} and ${VAR:?message} taken from .env.example.</summary>
    private static Dictionary<string, string> ReadComposeSettings()
    {
        var root = FindRoot();
        var variables = File.ReadAllLines(Path.Combine(root, ".env.example"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains('='))
            .ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..]);
        var yaml = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(Path.Combine(root, "docker-compose.yml")))) yaml.Load(reader);
        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("services")];
        var portal = (YamlMappingNode)services.Children[new YamlScalarNode("portal")];
        var environment = (YamlMappingNode)portal.Children[new YamlScalarNode("environment")];
        return environment.Children.ToDictionary(
            c => ((YamlScalarNode)c.Key).Value!.Replace("__", ":", StringComparison.Ordinal),
            c => Substitution().Replace(((YamlScalarNode)c.Value).Value ?? "", m =>
                variables.TryGetValue(m.Groups["name"].Value, out var value) && value.Length > 0 ? value
                : m.Groups["op"].Value == ":-" ? m.Groups["rest"].Value
                : throw new InvalidOperationException($"docker-compose.yml needs {m.Groups["name"].Value}, which .env.example does not set")));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pulse.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Pulse.sln not found above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Z0-9_]+)(?:(?<op>:-|:\?)(?<rest>[^}]*))?\}")]
    private static partial Regex Substitution();
}

[CollectionDefinition(Name)]
public sealed class ComposeEnvironmentCollection : ICollectionFixture<ComposeEnvironmentPortalFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "Portal with the compose file's environment";
}

/// <summary>Issue acceptance: the portal started with the compose file's environment signs in the configured admin, without demo data.</summary>
[Collection(ComposeEnvironmentCollection.Name)]
public sealed class ComposeEnvironmentTests(ComposeEnvironmentPortalFixture portal, BrowserFixture browser)
{
    [Fact]
    public async Task The_configured_admin_signs_in_and_there_is_no_demo_data_or_demo_password()
    {
        var email = portal.ComposeSettings["Pulse:Bootstrap:AdminEmail"];
        var password = portal.ComposeSettings["Pulse:Bootstrap:AdminPassword"];
        Assert.Equal("false", portal.ComposeSettings["Pulse:SeedDemo"]);
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();

        await page.GotoAsync("account/login");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Demo accounts")).ToHaveCountAsync(0);
        Assert.DoesNotContain(portal.ComposeSettings["Pulse:DemoPassword"], await page.ContentAsync(), StringComparison.Ordinal);

        await page.FillSignInFormAsync(DemoUsers.AcmeOwner.Email, portal.DemoPassword);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(new Regex("Invalid|incorrect|not", RegexOptions.IgnoreCase));

        await page.SignInAsync(email, password);
        await Expect(page.MainHeading()).ToHaveTextAsync(DemoUsers.Dashboard);
        await Expect(page.Locator(".lead")).ToHaveTextAsync("All tenants (0)");
        await Expect(page.Locator("#dash-data")).ToContainTextAsync("Projects");

        var database = portal.Services.GetRequiredService<PulseDatabase>();
        await using var users = database.Primary.CreateCommand("SELECT count(*) FROM users");
        Assert.Equal(1L, (long)(await users.ExecuteScalarAsync())!);
        await using var tenants = database.Primary.CreateCommand("SELECT count(*) FROM tenants");
        Assert.Equal(0L, (long)(await tenants.ExecuteScalarAsync())!);
        Assert.True(database.HasReplica);
    }

    [Fact]
    public async Task The_production_host_is_ready_uses_the_embedded_store_and_sends_hsts_only_over_https()
    {
        using var client = portal.CreateClient();
        using var ready = await client.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.IsNotType<QdrantVectorStore>(portal.Services.GetRequiredService<IVectorStore>());
        using var login = await client.GetAsync("account/login");
        Assert.False(login.Headers.Contains("Strict-Transport-Security"));
        Assert.Contains("Content-Security-Policy", login.Headers.Select(h => h.Key));
    }
}
