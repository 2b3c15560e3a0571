using System.Globalization;

namespace Pulse.Core.Usage.Export;

/// <summary>
/// CSV cells (RFC 4180) that are safe to open in a spreadsheet: a text cell starting with = + - @ (or a tab or
/// carriage return) is prefixed with an apostrophe so it is never evaluated as a formula (CSV injection).
/// </summary>
public static class CsvCell
{
    private static readonly char[] NeedsQuotes = [',', '"', '\n', '\r'];

    /// <summary>A text cell: injection-safe, quoted when needed.</summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny(NeedsQuotes) >= 0 || value[0] == ' ' || value[^1] == ' '
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    /// <summary>A number in invariant culture (never a formula: our numbers are not negative).</summary>
    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc cref="Number(decimal)"/>
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An optional number with a fixed number of decimals.</summary>
    public static string Number(double? value) => value?.ToString("0.#", CultureInfo.InvariantCulture) ?? "";

    /// <summary>An instant as ISO 8601 in UTC.</summary>
    public static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A row of already-formatted cells.</summary>
    public static string Row(params string[] cells) => string.Join(',', cells);
}
