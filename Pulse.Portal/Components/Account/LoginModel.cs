using System.ComponentModel.DataAnnotations;

namespace Pulse.Portal.Components.Account;

/// <summary>The sign-in form.</summary>
public sealed class LoginModel
{
    [Required(ErrorMessage = "Enter your email.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Enter your password.")]
    public string Password { get; set; } = "";
}
