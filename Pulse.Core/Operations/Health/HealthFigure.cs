namespace Pulse.Core.Operations.Health;

/// <summary>One measured figure of a health row, kept in the history so its movement can be graphed.</summary>
/// <param name="Key">Stable machine key, e.g. <c>points</c> or <c>p95_ms_1h</c>.</param>
/// <param name="Label">What a person reads, e.g. "Points".</param>
/// <param name="Value">The value; null when it could not be measured.</param>
/// <param name="Unit">Unit shown after the value ("", "ms", "%", "s", "MB").</param>
public sealed record HealthFigure(string Key, string Label, double? Value, string Unit = "")
{
    /// <summary>The value as a person reads it.</summary>
    public string Display => Value is not { } v ? "n/a"
        : Unit switch
        {
            "%" => $"{v:0.#} %",
            "ms" => $"{v:0} ms",
            "s" => $"{v:0.#} s",
            "MB" => $"{v:0.#} MB",
            _ => v % 1 == 0 ? $"{v:N0}" : $"{v:0.##}",
        };
}
