namespace Pulse.Portal.Tests.Infrastructure;

/// <summary>
/// The seeded demo accounts with the pages each role may open, written out by hand from DESIGN.md's roles
/// rather than read from PortalPages, so a wrong row in that table fails a test.
/// </summary>
public static class DemoUsers
{
    public const string Dashboard = "Dashboard";
    public const string Preferences = "AI preferences";
    public const string Integrations = "Integrations";
    public const string Collections = "Collections";
    public const string Search = "Search playground";
    public const string Usage = "Usage and cost";
    public const string Indexing = "Indexing";
    public const string Operations = "Operations";
    public const string ApiKeys = "API keys";
    public const string Administration = "Administration";

    /// <summary>Every page title and its route.</summary>
    public static readonly IReadOnlyDictionary<string, string> Routes = new Dictionary<string, string>
    {
        [Dashboard] = "/", [Preferences] = "/preferences", [Integrations] = "/integrations", [Collections] = "/collections",
        [Search] = "/search", [Usage] = "/usage", [Indexing] = "/indexing", [Operations] = "/ops", [ApiKeys] = "/api-keys", [Administration] = "/admin",
    };

    public static readonly DemoUser PlatformAdmin = new("admin@pulse.local", null,
        [Dashboard, Preferences, Integrations, Collections, Search, Usage, Indexing, Operations, ApiKeys, Administration]);

    public static readonly DemoUser AcmeOwner = new("owner@acme.test", "Acme Analytics",
        [Dashboard, Preferences, Integrations, Collections, Search, Usage, ApiKeys]);

    public static readonly DemoUser AcmeAnalyst = new("analyst@acme.test", "Acme Analytics",
        [Dashboard, Preferences, Collections, Search]);

    public static readonly DemoUser AcmeOps = new("ops@acme.test", "Acme Analytics",
        [Dashboard, Preferences, Collections, Indexing, Operations]);

    public static readonly DemoUser GlobexOwner = new("owner@globex.test", "Globex Engineering",
        [Dashboard, Preferences, Integrations, Collections, Search, Usage, ApiKeys]);

    public static readonly IReadOnlyList<DemoUser> All = [PlatformAdmin, AcmeOwner, AcmeAnalyst, AcmeOps, GlobexOwner];

    /// <summary>For xunit's MemberData: one row per account, by e-mail.</summary>
    public static TheoryData<string> Emails => new(All.Select(u => u.Email));

    public static DemoUser ByEmail(string email) => All.Single(u => u.Email == email);
}
