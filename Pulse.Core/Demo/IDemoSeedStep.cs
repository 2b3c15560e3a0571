namespace Pulse.Core.Demo;

/// <summary>
/// One module's part of the demo (integrations, usage history, collections, ...). Every registered step runs
/// after the tenants, users and business data exist, in ascending <see cref="Order"/>; each must be idempotent.
/// </summary>
public interface IDemoSeedStep
{
    /// <summary>Lower runs first (integrations 100, preferences 200, collections 300, indexing 400, usage 500, search 600, operations 700).</summary>
    int Order { get; }

    /// <summary>Seeds this module's demo rows for the demo tenants.</summary>
    /// <param name="tenantIdsBySlug">The demo tenants' ids by slug.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    Task SeedAsync(IReadOnlyDictionary<string, int> tenantIdsBySlug, CancellationToken cancellationToken);
}
