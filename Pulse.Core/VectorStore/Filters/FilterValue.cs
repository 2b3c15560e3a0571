using System.Globalization;

namespace Pulse.Core.VectorStore.Filters;

/// <summary>A value to match a payload field with: a string (keyword), a 64-bit integer or a boolean.</summary>
public readonly record struct FilterValue
{
    private FilterValue(FilterValueKind kind, string? text, long integer, bool boolean)
    {
        Kind = kind;
        Text = text;
        Integer = integer;
        Boolean = boolean;
    }

    public FilterValueKind Kind { get; }
    public string? Text { get; }
    public long Integer { get; }
    public bool Boolean { get; }

    public static FilterValue Keyword(string text) => new(FilterValueKind.Keyword, text ?? throw new ArgumentNullException(nameof(text)), 0, false);

    public static FilterValue Int(long value) => new(FilterValueKind.Integer, null, value, false);

    public static FilterValue Bool(bool value) => new(FilterValueKind.Bool, null, 0, value);

    public static implicit operator FilterValue(string text) => Keyword(text);

    public static implicit operator FilterValue(long value) => Int(value);

    public static implicit operator FilterValue(int value) => Int(value);

    public static implicit operator FilterValue(bool value) => Bool(value);

    public override string ToString() => Kind switch
    {
        FilterValueKind.Keyword => Text!,
        FilterValueKind.Integer => Integer.ToString(CultureInfo.InvariantCulture),
        _ => Boolean ? "true" : "false",
    };
}
