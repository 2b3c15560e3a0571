using Microsoft.AspNetCore.Components;
using Pulse.Core.Collections;
using Pulse.Core.VectorStore;
using Pulse.Portal.Components.Collections;
using Radzen;

namespace Pulse.Portal.Components.Pages;

public partial class CollectionPage
{
    [Inject] private CollectionBrowser Browser { get; set; } = default!;
    [Inject] private CollectionAdministration Administration { get; set; } = default!;
    [Inject] private DialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Parameter] public string Name { get; set; } = "";

    private CollectionDetail? detail;
    private string? denied;
    private bool interactive;
    private string? message;
    private bool isError;
    private bool busy;

    protected override Task OnParametersSetAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        try
        {
            detail = await Browser.GetAsync(Name);
        }
        catch (VectorStoreAccessDeniedException ex)
        {
            denied = $"You cannot open this collection: {ex.Message}";
        }
        catch (VectorStoreException ex) when (ex.Kind is VectorStoreErrorKind.NotFound or VectorStoreErrorKind.Validation)
        {
            denied = $"There is no collection '{Name}'. {ex.Message}";
        }
        catch (Exception ex) when (CollectionErrors.IsExpected(ex))
        {
            (message, isError) = (CollectionErrors.Describe(ex), true);
        }
    }

    private async Task SnapshotAsync()
    {
        busy = true;
        try
        {
            var snapshot = await Administration.CreateSnapshotAsync(detail!.Info.Name);
            (message, isError) = ($"Snapshot {snapshot.Name} taken ({CollectionFormat.Bytes(snapshot.SizeBytes)}).", false);
            await ReloadAsync();
        }
        catch (Exception ex) when (CollectionErrors.IsExpected(ex))
        {
            (message, isError) = (CollectionErrors.Describe(ex), true);
        }
        finally
        {
            busy = false;
        }
    }

    private async Task DropAsync()
    {
        var typed = await Dialogs.OpenAsync<DropCollectionDialog>($"Drop {detail!.Info.Name}?",
            new Dictionary<string, object?> { ["Name"] = detail.Info.Name, ["Points"] = detail.Info.PointsCount }, new DialogOptions { Width = "520px" });
        if (typed is not string confirmation) return;
        try
        {
            await Administration.DropAsync(detail.Info.Name, confirmation);
            Navigation.NavigateTo("collections");
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
