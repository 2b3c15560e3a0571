namespace Pulse.Core.Usage;

/// <summary>Period bounds used by every spend figure (calendar months in UTC).</summary>
public static class UsagePeriods
{
    /// <summary>The first instant of the UTC calendar month containing <paramref name="instant"/>.</summary>
    public static DateTimeOffset MonthStart(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
    }

    /// <summary>The first instant of the following month.</summary>
    public static DateTimeOffset NextMonthStart(DateTimeOffset instant) => MonthStart(instant).AddMonths(1);

    /// <summary>A month as people read it, e.g. "November 2026".</summary>
    public static string MonthLabel(DateTimeOffset instant) =>
        MonthStart(instant).ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
}
