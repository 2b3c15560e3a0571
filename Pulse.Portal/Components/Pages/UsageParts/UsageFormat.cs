using System.Globalization;

namespace Pulse.Portal.Components.Pages.UsageParts;

/// <summary>How the usage page writes figures (US dollars, as recorded).</summary>
public static class UsageFormat
{
    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    /// <summary>Dollars with four decimals: embedding calls cost fractions of a cent and must not read as zero.</summary>
    public static string Money(decimal value) => value.ToString("C4", Us);

    public static string Count(long value) => value.ToString("N0", Us);

    public static string Percent(double fraction) => fraction.ToString("P1", Us);

    public static string Latency(double? ms) => ms switch
    {
        null => "–",
        >= 10_000 => "≥ 10 s",
        >= 1000 => (ms.Value / 1000).ToString("0.0 's'", Us),
        _ => ms.Value.ToString("0 'ms'", Us),
    };

    public static string Day(DateOnly day) => day.ToString("MMM d", Us);

    public static string Period(DateOnly period, Pulse.Core.Usage.UsageGranularity granularity) => granularity switch
    {
        Pulse.Core.Usage.UsageGranularity.Week => "Week of " + period.ToString("MMM d", Us),
        Pulse.Core.Usage.UsageGranularity.Month => period.ToString("MMM yyyy", Us),
        _ => period.ToString("MMM d", Us),
    };

    /// <summary>Axis labels for dollars (the server's culture may be invariant, which prints ¤).</summary>
    public static string AxisMoney(object value) => Convert.ToDouble(value, Us).ToString("$#,0.00", Us);

    /// <summary>Axis labels for counts.</summary>
    public static string AxisCount(object value) => Convert.ToDouble(value, Us).ToString("#,0", Us);
}
