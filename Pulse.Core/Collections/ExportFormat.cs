namespace Pulse.Core.Collections;

/// <summary>File formats of a collection export.</summary>
public enum ExportFormat
{
    /// <summary>One JSON object per line: <c>{"id":..,"payload":{..}}</c>, plus <c>"vector"</c> when asked for.</summary>
    JsonLines,

    /// <summary>A header row of id and payload fields, then one row per point; nested values as JSON.</summary>
    Csv,
}
