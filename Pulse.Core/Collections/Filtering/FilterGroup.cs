namespace Pulse.Core.Collections.Filtering;

/// <summary>A group of the filter builder: rules and nested groups combined by <see cref="Combinator"/>.</summary>
public sealed class FilterGroup
{
    public FilterCombinator Combinator { get; set; } = FilterCombinator.All;
    public List<FilterRule> Rules { get; } = [];
    public List<FilterGroup> Groups { get; } = [];

    /// <summary>True when the group holds no rule at any depth.</summary>
    public bool IsEmpty => Rules.Count == 0 && Groups.All(g => g.IsEmpty);
}
