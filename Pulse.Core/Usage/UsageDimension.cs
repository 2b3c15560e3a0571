namespace Pulse.Core.Usage;

/// <summary>What usage is broken down by.</summary>
public enum UsageDimension
{
    Provider,
    Integration,
    Model,
    Operation,
    /// <summary>Only for platform admins looking at all tenants.</summary>
    Tenant,
}
