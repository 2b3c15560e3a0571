namespace Pulse.Core.Collections.Filtering;

/// <summary>One line of the filter builder: field, condition, value.</summary>
public sealed class FilterRule
{
    public string Field { get; set; } = "";
    public FilterOperator Operator { get; set; } = FilterOperator.EqualTo;

    /// <summary>The value as typed; comma-separated for <see cref="FilterOperator.AnyOf"/> and <see cref="FilterOperator.NoneOf"/>.</summary>
    public string Value { get; set; } = "";

    public FilterValueType ValueType { get; set; } = FilterValueType.Auto;

    /// <summary>False for the conditions that take no value (empty, null).</summary>
    public bool NeedsValue => Operator is not (FilterOperator.IsEmpty or FilterOperator.IsNotEmpty or FilterOperator.IsNull);
}
