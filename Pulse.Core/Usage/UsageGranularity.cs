namespace Pulse.Core.Usage;

/// <summary>The length of one period of a usage series (UTC days; weeks start on Monday).</summary>
public enum UsageGranularity
{
    Day,
    Week,
    Month,
}
