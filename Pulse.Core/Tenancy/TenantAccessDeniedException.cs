namespace Pulse.Core.Tenancy;

/// <summary>A request reached for another tenant's data, or for an action the caller's role does not allow.</summary>
public sealed class TenantAccessDeniedException(string message) : Exception(message);
