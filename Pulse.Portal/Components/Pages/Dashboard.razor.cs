using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Pulse.Core.Dashboard;
using Pulse.Core.Data;
using Pulse.Core.Operations.Health;
using Pulse.Core.Search;
using Pulse.Core.Tenancy;
using Pulse.Portal.Infrastructure;

namespace Pulse.Portal.Components.Pages;

/// <summary>
/// The start page of every role: month-to-date spend against the budget, today's requests and failures, open alerts,
/// collection and integration health and the user's recent searches, each card scoped to what the role may open and
/// linking to its page. Usage figures load first; health (which may probe the vector store) fills in after.
/// </summary>
public partial class Dashboard
{
    private static readonly TimeSpan HealthMaxAge = TimeSpan.FromSeconds(30);

    [Inject] private DashboardService Summaries { get; set; } = default!;
    [Inject] private TenantDirectory Tenants { get; set; } = default!;
    [Inject] private ITenantContext Tenant { get; set; } = default!;
    [Inject] private HealthMonitor Monitor { get; set; } = default!;
    [Inject] private SearchHistory History { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    private ClaimsPrincipal user = new();
    private DashboardSummary? summary;
    private DashboardHealth? health;
    private IReadOnlyList<SearchHistoryEntry>? searches;
    private string? error, healthError;
    private string scopeLabel = "";

    protected override async Task OnInitializedAsync()
    {
        if (AuthenticationState is not null) user = (await AuthenticationState).User;
        try
        {
            summary = await Summaries.GetAsync();
            var tenants = await Tenants.ListAsync();
            scopeLabel = Tenant.TenantId is { } id
                ? $"Tenant: {tenants.FirstOrDefault(t => t.Id == id)?.Name}"
                : $"All tenants ({tenants.Count})";
            if (CanOpen(PagePolicies.Search) && Tenant.TenantId is not null) searches = await History.ListAsync(5);
        }
        catch (DatabaseUnavailableException ex)
        {
            error = ex.Message;
            return;
        }

        StateHasChanged();
        try
        {
            health = DashboardHealth.From(await Monitor.CurrentAsync(HealthMaxAge), Tenant);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            healthError = $"Health could not be checked: {ex.Message}";
        }
    }

    /// <summary>Whether the signed-in user's role may open the page behind <paramref name="policy"/> (the navigation's rule).</summary>
    private bool CanOpen(string policy) => PortalPages.Allows(user, policy);

    /// <summary>Where a card links: the first page of <paramref name="policies"/> the user may open (null: nowhere).</summary>
    private PortalPage? LinkTarget(params string[] policies) => policies.Select(PortalPages.ByPolicy).FirstOrDefault(p => p.Allows(user));

    /// <summary>The integration health card's page: the tenant's integrations (they need a tenant in scope), else operations.</summary>
    private PortalPage? IntegrationsLink => Tenant.TenantId is null
        ? LinkTarget(PagePolicies.Operations)
        : LinkTarget(PagePolicies.Integrations, PagePolicies.Operations);

    private string Ago(DateTimeOffset at)
    {
        var elapsed = Time.GetUtcNow() - at;
        return elapsed switch
        {
            { TotalMinutes: < 1 } => "just now",
            { TotalHours: < 1 } => $"{(int)elapsed.TotalMinutes} min ago",
            { TotalDays: < 1 } => $"{(int)elapsed.TotalHours} h ago",
            _ => at.UtcDateTime.ToString("MMM d, HH:mm 'UTC'", CultureInfo.InvariantCulture),
        };
    }
}
