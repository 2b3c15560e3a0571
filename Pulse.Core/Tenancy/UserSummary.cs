namespace Pulse.Core.Tenancy;

/// <summary>A user as the administration page lists them.</summary>
public sealed record UserSummary(int Id, string Email, string? DisplayName, string Role, int? TenantId, string? TenantName, bool LockedOut, int FailedAttempts);
