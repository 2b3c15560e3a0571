namespace Pulse.Core.Usage;

/// <summary>
/// A usage question: UTC days from <paramref name="FromDay"/> (inclusive) to <paramref name="ToDay"/> (exclusive).
/// <paramref name="TenantId"/> narrows a platform admin's view to one tenant; for a tenant user it must be null
/// or the user's own tenant (anything else is refused).
/// </summary>
public sealed record UsageQuery(DateOnly FromDay, DateOnly ToDay, UsageGranularity Granularity = UsageGranularity.Day, int? TenantId = null)
{
    /// <summary>The range's first instant.</summary>
    public DateTimeOffset FromUtc => new(FromDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The instant after the range.</summary>
    public DateTimeOffset ToUtc => new(ToDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Number of days in the range.</summary>
    public int Days => ToDay.DayNumber - FromDay.DayNumber;
}
