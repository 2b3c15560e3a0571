using Microsoft.AspNetCore.Components;
using Pulse.Core.Collections;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Portal.Components.Collections;
using Radzen;

namespace Pulse.Portal.Components.Pages;

public partial class Collections
{
    [Inject] private CollectionBrowser Browser { get; set; } = default!;
    [Inject] private CollectionAdministration Administration { get; set; } = default!;
    [Inject] private ITenantContext Tenant { get; set; } = default!;
    [Inject] private TenantDirectory Tenants { get; set; } = default!;
    [Inject] private DialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private IReadOnlyList<CollectionSummary>? rows;
    private bool canManage;
    private bool loading;
    private bool interactive;
    private string? message;
    private bool isError;
    private string tenantLabel = "your tenant";
    private string tenantPrefix = "client_{tenant}_";

    protected override async Task OnInitializedAsync()
    {
        canManage = Browser.CanManage;
        if (Tenant.TenantId is { } id)
        {
            tenantPrefix = CollectionNames.ForTenant(id, "x")[..^1];
            tenantLabel = (await Tenants.FindAsync(id))?.Name ?? $"tenant {id}";
        }
        else if (Tenant.IsPlatformAdmin)
        {
            tenantLabel = "all tenants and the platform";
        }

        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        loading = true;
        try
        {
            rows = await Browser.ListAsync();
        }
        catch (Exception ex) when (CollectionErrors.IsExpected(ex))
        {
            (rows, message, isError) = ([], CollectionErrors.Describe(ex), true);
        }
        finally
        {
            loading = false;
        }
    }

    private async Task CreateAsync()
    {
        var result = await Dialogs.OpenAsync<CreateCollectionDialog>("Create a collection",
            new Dictionary<string, object?> { ["CanCreatePlatform"] = Tenant.IsPlatformAdmin || Tenant.Roles.Contains(PulseRoles.Ops), ["TenantPrefix"] = tenantPrefix },
            new DialogOptions { Width = "560px" });
        if (result is not CreateCollectionRequest request) return;
        try
        {
            var name = await Administration.CreateAsync(request);
            Navigation.NavigateTo($"collections/{Uri.EscapeDataString(name)}");
        }
        catch (Exception ex) when (CollectionErrors.IsExpected(ex))
        {
            (message, isError) = (CollectionErrors.Describe(ex), true);
        }
    }

    // Prerendered HTML has no circuit behind it; tests (and nothing else) wait for this flag before clicking.
    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            interactive = true;
            StateHasChanged();
        }
    }
}
