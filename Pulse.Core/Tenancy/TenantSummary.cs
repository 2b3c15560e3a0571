namespace Pulse.Core.Tenancy;

/// <summary>A tenant as lists and pickers show it.</summary>
public sealed record TenantSummary(int Id, string Name, string Slug, bool Active, int UserCount, DateTimeOffset CreatedAt);
