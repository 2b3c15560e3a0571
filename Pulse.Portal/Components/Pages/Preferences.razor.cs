using Microsoft.AspNetCore.Components;
using Pulse.Core;
using Pulse.Core.Data;
using Pulse.Core.Preferences;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;
using Radzen;

namespace Pulse.Portal.Components.Pages;

/// <summary>The tenant's AI preferences: an edit copy of the stored snapshot, saved as the next revision.</summary>
public partial class Preferences
{
    private static readonly IReadOnlyList<(string Label, BudgetAction Value)> ActionList =
        [("Warn only", BudgetAction.WarnOnly), ("Refuse new AI calls", BudgetAction.Refuse)];

    [Inject] private PreferencesService Service { get; set; } = default!;
    [Inject] private BudgetStatusService Budgets { get; set; } = default!;
    [Inject] private ITenantContext Tenant { get; set; } = default!;
    [Inject] private DialogService Dialogs { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private ILogger<Preferences> Logger { get; set; } = default!;

    private PreferencesSnapshot? snapshot;
    private TenantPreferences? edit;
    private BudgetStatus? status;
    private IReadOnlyList<PreferenceChange>? history;
    private IReadOnlyList<PreferenceProblem> problems = [];
    private string? message;
    private bool isError;
    private bool busy;
    private bool noTenant;

    // Inputs stay disabled in the prerendered HTML: anything typed before the circuit connects would be lost.
    private bool ReadOnly => !RendererInfo.IsInteractive || snapshot?.CanEdit != true || busy;

    private static IEnumerable<object> Actions => ActionList.Select(a => new { a.Label, a.Value });

    private int BatchLimit => ProviderBatchLimits.For(snapshot?.Integrations.FirstOrDefault(i => i.Id == edit?.DefaultModels.EmbeddingIntegrationId)?.Kind);

    // The gauge follows the limits being edited, so the effect of a new budget shows before saving.
    private BudgetStatus? Preview => status is null || edit is null ? null
        : BudgetStatusService.Preview(edit.CostLimits, status.Spent, Clock.GetUtcNow(), status.ProviderCaps.ToDictionary(c => c.Provider, c => c.Spent));

    private List<IntegrationOption> Options(ProviderSubtype subtype) => snapshot?.Integrations.Where(i => i.Subtype == subtype).ToList() ?? [];

    private static Dictionary<string, object> Aria(string label) => new() { ["aria-label"] = label };

    protected override async Task OnInitializedAsync()
    {
        if (Tenant.TenantId is null)
        {
            noTenant = true;
            return;
        }
        await RunAsync(LoadAsync);
    }

    private async Task LoadAsync()
    {
        snapshot = await Service.GetAsync();
        edit = snapshot.Preferences.Clone();
        status = await Budgets.CurrentAsync();
        history = await Service.HistoryAsync();
    }

    private async Task SaveAsync()
    {
        if (edit is null || snapshot is null) return;
        // The same rules the service enforces, shown as a list before a round trip; the service still has the last word.
        problems = PreferencesValidator.Validate(edit, snapshot.Integrations);
        if (problems.Count > 0)
        {
            message = null;
            return;
        }
        busy = true;
        await RunAsync(async () =>
        {
            snapshot = await Service.SaveAsync(edit, snapshot.Revision);
            edit = snapshot.Preferences.Clone();
            status = await Budgets.CurrentAsync();
            history = await Service.HistoryAsync();
            (message, isError) = ($"Preferences saved (revision {snapshot.Revision}).", false);
        });
        busy = false;
    }

    // Nothing to do: an event handled by the page re-renders it, which redraws the gauge with the edited caps.
    private static void CapsChanged()
    {
    }

    private async Task CancelAsync()
    {
        if (snapshot is null) return;
        var discard = await Dialogs.Confirm("Discard your unsaved changes and go back to the saved preferences?", "Cancel changes",
            new ConfirmOptions { OkButtonText = "Discard changes", CancelButtonText = "Keep editing" });
        if (discard != true) return;
        edit = snapshot.Preferences.Clone();
        problems = [];
        (message, isError) = ("Unsaved changes discarded.", false);
    }

    private async Task RunAsync(Func<Task> action)
    {
        try
        {
            message = null;
            await action();
        }
        catch (Exception ex) when (ex is ValidationFailedException or PreferencesConflictException or TenantAccessDeniedException or DatabaseUnavailableException)
        {
            Logger.LogInformation("Preferences action refused: {Reason}", ex.Message);
            (message, isError) = (ex.Message, true);
        }
    }
}
