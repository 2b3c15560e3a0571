using Microsoft.AspNetCore.Components;
using Pulse.Core;
using Pulse.Core.Integrations;
using Pulse.Core.Providers.Resilience;
using Pulse.Core.Tenancy;
using Pulse.Portal.Components.Pages.IntegrationParts;
using Radzen;

namespace Pulse.Portal.Components.Pages;

public partial class Integrations
{
    [Inject] private IntegrationService Service { get; set; } = default!;
    [Inject] private ITenantContext Tenant { get; set; } = default!;
    [Inject] private DialogService Dialogs { get; set; } = default!;

    private IReadOnlyList<IntegrationSummary>? items;
    private IntegrationFormModel? form;
    private int? editingId;
    private bool noTenant;
    private string? message;
    private bool isError;
    private bool interactive;

    protected override async Task OnInitializedAsync()
    {
        noTenant = Tenant.TenantId is null;
        if (!noTenant) await RunAsync(null, () => Task.CompletedTask);
    }

    // Prerendered buttons do nothing until the circuit connects: show them disabled until then.
    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender) return;
        interactive = true;
        StateHasChanged();
    }

    private void StartCreate() => (form, editingId, message) = (new IntegrationFormModel(), null, null);

    private void StartEdit(IntegrationSummary item) => (form, editingId, message) = (IntegrationFormModel.From(item.Input), item.Id, null);

    private async Task SavedAsync(string saved)
    {
        form = null;
        await RunAsync(saved, () => Task.CompletedTask);
    }

    private Task ToggleAsync(IntegrationSummary item) =>
        RunAsync($"{item.Name} is {(item.Active ? "disabled: chains skip it" : "enabled")}.", () => Service.SetActiveAsync(item.Id, !item.Active));

    private async Task DeleteAsync(IntegrationSummary item)
    {
        var confirmed = await Dialogs.Confirm($"Delete {item.Name}? Its stored key is deleted with it; usage history is kept.", "Delete integration",
            new ConfirmOptions { OkButtonText = "Delete", CancelButtonText = "Cancel" });
        if (confirmed == true)
        {
            if (editingId == item.Id) form = null;
            await RunAsync($"Deleted {item.Name}.", () => Service.DeleteAsync(item.Id));
        }
    }

    private async Task RunAsync(string? success, Func<Task> action)
    {
        try
        {
            await action();
            (message, isError) = (success, false);
        }
        catch (Exception ex) when (ex is ValidationFailedException or TenantAccessDeniedException or Pulse.Core.Data.DatabaseUnavailableException)
        {
            (message, isError) = (ex.Message, true);
        }

        try
        {
            items = await Service.ListAsync();
        }
        catch (Exception ex) when (ex is ValidationFailedException or Pulse.Core.Data.DatabaseUnavailableException)
        {
            (items, message, isError) = ([], ex.Message, true);
        }
    }

    private static string BreakerText(IntegrationSummary item) => !item.Active ? "—" : item.Breaker switch
    {
        CircuitState.Open => "open (skipped for now)",
        CircuitState.HalfOpen => "half-open (next call is a trial)",
        _ => "closed",
    };

    private static string HealthText(IntegrationHealth health) => health.Calls == 0
        ? "No calls"
        : $"{health.Calls} calls · {health.SuccessRate:P0} ok · p95 {health.P95LatencyMs} ms";
}
