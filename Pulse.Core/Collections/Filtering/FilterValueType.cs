namespace Pulse.Core.Collections.Filtering;

/// <summary>How a rule's typed value is read: guessed from the text, or forced to a type (from the payload schema).</summary>
public enum FilterValueType
{
    /// <summary>true/false become booleans, whole numbers integers, anything else (or "quoted") text.</summary>
    Auto,
    Text,
    Integer,
    Boolean,
}
