namespace Pulse.Portal.Tests.Infrastructure;

/// <summary>
/// A demo account and what the portal should show it: its tenant (null for the platform admin, who gets the
/// picker) and the titles of the pages its navigation lists, in menu order.
/// </summary>
public sealed record DemoUser(string Email, string? Tenant, IReadOnlyList<string> Pages)
{
    public override string ToString() => Email;
}
