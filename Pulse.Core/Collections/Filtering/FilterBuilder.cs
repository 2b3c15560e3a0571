using System.Globalization;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.Collections.Filtering;

/// <summary>
/// Turns the builder's groups and rules into Qdrant filters (and back where the filter has a builder form), and
/// checks raw filter JSON through <see cref="FilterJson"/>. Problems come back as sentences naming the rule.
/// </summary>
public static class FilterBuilder
{
    /// <summary>Builds the filter of <paramref name="root"/>; an empty builder gives no filter and no error.</summary>
    /// <param name="root">The top group.</param>
    /// <param name="knownFields">Payload fields of the collection; rules on other fields are warned about.</param>
    public static FilterBuildResult Build(FilterGroup root, IReadOnlyCollection<string>? knownFields = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var errors = new List<string>();
        var warnings = new List<string>();
        var counter = 0;
        var filter = BuildGroup(root, "", errors, ref counter);
        Warn(filter, knownFields, warnings);
        return errors.Count > 0 ? new FilterBuildResult(null, errors, warnings)
            : new FilterBuildResult(filter.MatchesAll ? null : filter, [], warnings);
    }

    /// <summary>Parses raw Qdrant filter JSON; blank text means no filter.</summary>
    public static FilterBuildResult Parse(string? json, IReadOnlyCollection<string>? knownFields = null)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new FilterBuildResult(null, [], []);
        }

        if (!FilterJson.TryParse(json, out var filter, out var error))
        {
            return new FilterBuildResult(null, [error!], []);
        }

        var warnings = new List<string>();
        Warn(filter!, knownFields, warnings);
        return new FilterBuildResult(filter!.MatchesAll ? null : filter, [], warnings);
    }

    /// <summary>The builder form of <paramref name="filter"/>, or null when it uses conditions the builder has no rule for.</summary>
    public static FilterGroup? FromFilter(Filter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return FilterRules.ToGroup(filter);
    }

    private static Filter BuildGroup(FilterGroup group, string label, List<string> errors, ref int counter)
    {
        var positive = new List<Condition>();
        var negative = new List<Condition>();
        foreach (var rule in group.Rules)
        {
            counter++;
            var name = $"Rule {counter}{(string.IsNullOrWhiteSpace(rule.Field) ? "" : $" ({rule.Field.Trim()})")}";
            if (FilterRules.ToCondition(rule, name, errors) is { } condition)
            {
                (FilterRules.IsNegated(rule.Operator) ? negative : positive).Add(condition);
            }
        }

        var groupNumber = 0;
        foreach (var child in group.Groups.Where(g => !g.IsEmpty))
        {
            groupNumber++;
            positive.Add(BuildGroup(child, $"{label}{groupNumber}.", errors, ref counter));
        }

        return group.Combinator switch
        {
            FilterCombinator.All => new Filter { Must = positive, MustNot = negative },
            FilterCombinator.Any => new Filter { Should = [.. positive, .. negative.Select(n => (Condition)Filter.NoneOf(n))] },
            _ => new Filter { MustNot = [.. positive, .. negative.Select(n => (Condition)Filter.NoneOf(n))] },
        };
    }

    private static void Warn(Filter filter, IReadOnlyCollection<string>? knownFields, List<string> warnings)
    {
        if (knownFields is null || knownFields.Count == 0)
        {
            return;
        }

        foreach (var key in FilterRules.Keys(filter).Distinct(StringComparer.Ordinal))
        {
            var root = key.Split('[')[0];
            if (!knownFields.Contains(root) && !knownFields.Any(f => f.StartsWith(root + ".", StringComparison.Ordinal)))
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"No sampled point has the field '{key}'; check the spelling."));
            }
        }
    }
}
