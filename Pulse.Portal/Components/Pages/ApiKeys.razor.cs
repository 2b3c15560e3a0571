using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Components;
using Pulse.Core;
using Pulse.Core.Operations.ApiKeys;
using Pulse.Core.Tenancy;
using Pulse.Portal.Endpoints;
using Radzen;

namespace Pulse.Portal.Components.Pages;

public partial class ApiKeys
{
    // Relative to <base href>, so it stays under the path base.
    private static readonly string OperationsEndpointsPath = OperationsEndpoints.OpenApiPath.TrimStart('/');

    [Inject] private ApiKeyService Keys { get; set; } = default!;
    [Inject] private DialogService Dialogs { get; set; } = default!;

    private IReadOnlyList<ApiKeySummary>? keys;
    private CreatedApiKey? created;
    private readonly NewKeyModel newKey = new();
    private string? message;
    private bool isError;
    private bool busy;

    protected override async Task OnInitializedAsync()
    {
        if (Keys.CanManage) await RunAsync(null, () => Task.CompletedTask);
    }

    private Task CreateAsync() => RunAsync(null, async () =>
    {
        // The token lives only in this component's memory until the person dismisses it; it is never logged.
        created = await Keys.CreateAsync(newKey.Name);
        message = $"Created the key \"{created.Key.Name}\".";
        newKey.Name = "";
    });

    private async Task RevokeAsync(ApiKeySummary key)
    {
        var confirmed = await Dialogs.Confirm(
            $"Revoke the key \"{key.Name}\" ({key.Hint})? Every script using it stops working at once; this cannot be undone.", "Revoke API key",
            new ConfirmOptions { OkButtonText = "Revoke", CancelButtonText = "Cancel" });
        if (confirmed == true)
            await RunAsync($"The key \"{key.Name}\" is revoked.", () => Keys.RevokeAsync(key.Id));
    }

    private async Task RunAsync(string? success, Func<Task> action)
    {
        busy = true;
        try
        {
            await action();
            if (success is not null) message = success;
            isError = false;
            keys = await Keys.ListAsync();
        }
        catch (Exception ex) when (ex is ValidationFailedException or TenantAccessDeniedException or Pulse.Core.Data.DatabaseUnavailableException)
        {
            (message, isError) = (ex.Message, true);
        }
        finally
        {
            busy = false;
        }
    }

    private sealed class NewKeyModel
    {
        [Required(ErrorMessage = "Enter a key name."), StringLength(100, MinimumLength = 2, ErrorMessage = "The key name must be 2 to 100 characters.")]
        public string Name { get; set; } = "";
    }
}
