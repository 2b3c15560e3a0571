using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Components;
using Pulse.Core;
using Pulse.Core.Tenancy;
using Pulse.Portal.Components.Shared;
using Radzen;

namespace Pulse.Portal.Components.Pages;

public partial class Admin
{
    [Inject] private UserAdministration Users { get; set; } = default!;
    [Inject] private TenantDirectory Tenants { get; set; } = default!;
    [Inject] private DialogService Dialogs { get; set; } = default!;

    private IReadOnlyList<UserSummary> users = [];
    private IReadOnlyList<TenantSummary> tenants = [];
    private readonly NewUserModel newUser = new();
    private readonly NewTenantModel newTenant = new();
    private readonly object[] roleOptions = PulseRoles.All.Select(r => new { Value = r, Label = PulseRoles.Label(r) }).ToArray<object>();
    private string? message;
    private bool isError;
    private bool busy;

    protected override Task OnInitializedAsync() => RunAsync(null, () => Task.CompletedTask);

    private async Task ReloadAsync()
    {
        users = await Users.ListAsync();
        tenants = await Tenants.ListAsync();
    }

    private Task CreateUserAsync() => RunAsync($"Created {newUser.Email}.", async () =>
    {
        await Users.CreateAsync(newUser.Email, newUser.DisplayName, newUser.Role, newUser.TenantId, newUser.Password);
        newUser.Reset();
    });

    private Task CreateTenantAsync() => RunAsync($"Created tenant {newTenant.Name}.", async () =>
    {
        await Tenants.CreateAsync(newTenant.Name, newTenant.Slug);
        newTenant.Name = newTenant.Slug = "";
    });

    private async Task ResetPasswordAsync(UserSummary user)
    {
        var password = await Dialogs.OpenAsync<ResetPasswordDialog>($"Reset password of {user.Email}");
        if (password is string value)
            await RunAsync($"The password of {user.Email} was reset.", () => Users.ResetPasswordAsync(user.Id, value));
    }

    private async Task ToggleLockAsync(UserSummary user)
    {
        var verb = user.LockedOut ? "Unlock" : "Lock";
        var confirmed = await Dialogs.Confirm($"{verb} {user.Email}?{(user.LockedOut ? "" : " They will not be able to sign in until unlocked.")}", $"{verb} user",
            new ConfirmOptions { OkButtonText = verb, CancelButtonText = "Cancel" });
        if (confirmed == true)
            await RunAsync($"{user.Email} is {(user.LockedOut ? "unlocked" : "locked")}.", () => Users.SetLockedAsync(user.Id, !user.LockedOut));
    }

    private async Task RunAsync(string? success, Func<Task> action)
    {
        busy = true;
        try
        {
            await action();
            (message, isError) = (success, false);
            await ReloadAsync();
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

    private sealed class NewUserModel
    {
        [Required(ErrorMessage = "Enter an email."), EmailAddress(ErrorMessage = "Enter a valid email address.")]
        public string Email { get; set; } = "";
        public string? DisplayName { get; set; }
        public string Role { get; set; } = PulseRoles.Analyst;
        public int? TenantId { get; set; }
        [Required(ErrorMessage = "Enter an initial password."), MinLength(10, ErrorMessage = "Passwords have at least 10 characters.")]
        public string Password { get; set; } = "";

        public void Reset() => (Email, DisplayName, Password) = ("", null, "");
    }

    private sealed class NewTenantModel
    {
        [Required(ErrorMessage = "Enter a tenant name."), StringLength(100, MinimumLength = 2, ErrorMessage = "The tenant name must be 2 to 100 characters.")]
        public string Name { get; set; } = "";
        [Required(ErrorMessage = "Enter a short name."), RegularExpression("^[a-z0-9][a-z0-9-]{1,49}$", ErrorMessage = "Use 2 to 50 lowercase letters, digits or hyphens.")]
        public string Slug { get; set; } = "";
    }
}
