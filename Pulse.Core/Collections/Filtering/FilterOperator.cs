namespace Pulse.Core.Collections.Filtering;

/// <summary>The conditions a filter-builder rule offers, each mapping onto one Qdrant condition.</summary>
public enum FilterOperator
{
    /// <summary>match.value</summary>
    EqualTo,

    /// <summary>match.value under must_not</summary>
    NotEqualTo,

    /// <summary>match.any (comma-separated values)</summary>
    AnyOf,

    /// <summary>match.except (comma-separated values)</summary>
    NoneOf,

    /// <summary>match.text</summary>
    ContainsText,

    /// <summary>range.gt</summary>
    GreaterThan,

    /// <summary>range.gte</summary>
    AtLeast,

    /// <summary>range.lt</summary>
    LessThan,

    /// <summary>range.lte</summary>
    AtMost,

    /// <summary>is_empty</summary>
    IsEmpty,

    /// <summary>is_empty under must_not</summary>
    IsNotEmpty,

    /// <summary>is_null</summary>
    IsNull,
}
