namespace Pulse.Portal.Infrastructure;

/// <summary>Authorization policy names of the pages (constants, so pages can name them in attributes).</summary>
public static class PagePolicies
{
    public const string Dashboard = "page:dashboard";
    public const string Preferences = "page:preferences";
    public const string Integrations = "page:integrations";
    public const string Collections = "page:collections";
    public const string Search = "page:search";
    public const string Usage = "page:usage";
    public const string Indexing = "page:indexing";
    public const string Operations = "page:ops";
    public const string ApiKeys = "page:api-keys";
    public const string Administration = "page:admin";
}
