namespace Pulse.Core.Tenancy;

/// <summary>
/// The first platform admin, bound from <c>Pulse:Bootstrap</c> (<c>Pulse__Bootstrap__AdminEmail</c>,
/// <c>Pulse__Bootstrap__AdminPassword</c>). Used once: when no user with the email exists, start-up creates it.
/// </summary>
public sealed class BootstrapOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Pulse:Bootstrap";

    /// <summary>Email (and user name) of the first platform admin; empty: nobody is created.</summary>
    public string? AdminEmail { get; set; }

    /// <summary>That admin's initial password; must meet the portal's password policy. Never logged.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>True when an email is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(AdminEmail);
}
