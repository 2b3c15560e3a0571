using System.Globalization;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.Collections.Filtering;

/// <summary>One rule to one condition and back.</summary>
internal static class FilterRules
{
    public static bool IsNegated(FilterOperator op) => op is FilterOperator.NotEqualTo or FilterOperator.IsNotEmpty;

    public static Condition? ToCondition(FilterRule rule, string name, List<string> errors)
    {
        var field = rule.Field.Trim();
        if (field.Length == 0)
        {
            errors.Add($"{name}: choose a field.");
            return null;
        }

        var value = rule.Value.Trim();
        if (rule.NeedsValue && value.Length == 0)
        {
            errors.Add($"{name}: enter a value.");
            return null;
        }

        switch (rule.Operator)
        {
            case FilterOperator.EqualTo or FilterOperator.NotEqualTo:
                return Value(value, rule.ValueType, name, errors) is { } v ? Condition.Match(field, v) : null;
            case FilterOperator.AnyOf or FilterOperator.NoneOf:
                var parts = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var values = parts.Select(p => Value(p, rule.ValueType, name, errors)).ToList();
                if (values.Any(v => v is null))
                {
                    return null;
                }

                var list = values.Select(v => v!.Value).ToList();
                return rule.Operator == FilterOperator.AnyOf ? Condition.MatchAny(field, list) : Condition.MatchExcept(field, list);
            case FilterOperator.ContainsText:
                return Condition.MatchText(field, value);
            case FilterOperator.IsEmpty or FilterOperator.IsNotEmpty:
                return Condition.IsEmpty(field);
            case FilterOperator.IsNull:
                return Condition.IsNull(field);
            default:
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    errors.Add($"{name}: '{value}' is not a number; ranges compare numbers such as 100 or 2.5.");
                    return null;
                }

                return rule.Operator switch
                {
                    FilterOperator.GreaterThan => Condition.Range(field, gt: number),
                    FilterOperator.AtLeast => Condition.Range(field, gte: number),
                    FilterOperator.LessThan => Condition.Range(field, lt: number),
                    _ => Condition.Range(field, lte: number),
                };
        }
    }

    public static FilterGroup? ToGroup(Filter filter)
    {
        var group = new FilterGroup();
        if (filter.Should.Count > 0 && filter.Must.Count == 0 && filter.MustNot.Count == 0)
        {
            group.Combinator = FilterCombinator.Any;
            return AddAll(group, filter.Should, negated: false) ? group : null;
        }

        if (!AddAll(group, filter.Must, negated: false) || !AddAll(group, filter.MustNot, negated: true))
        {
            return null;
        }

        if (filter.Should.Count > 0)
        {
            var any = new FilterGroup { Combinator = FilterCombinator.Any };
            if (!AddAll(any, filter.Should, negated: false))
            {
                return null;
            }

            group.Groups.Add(any);
        }

        return group;
    }

    /// <summary>Every payload key a filter names.</summary>
    public static IEnumerable<string> Keys(Filter filter) =>
        filter.Must.Concat(filter.Should).Concat(filter.MustNot).SelectMany(c => c switch
        {
            Filter f => Keys(f),
            MatchValueCondition m => [m.Key],
            MatchAnyCondition m => [m.Key],
            MatchExceptCondition m => [m.Key],
            MatchTextCondition m => [m.Key],
            RangeCondition r => [r.Key],
            ValuesCountCondition v => [v.Key],
            IsEmptyCondition e => [e.Key],
            IsNullCondition n => [n.Key],
            NestedCondition n => [n.Key],
            _ => Array.Empty<string>(),
        });

    private static bool AddAll(FilterGroup group, IReadOnlyList<Condition> conditions, bool negated)
    {
        foreach (var condition in conditions)
        {
            if (condition is Filter nested)
            {
                if (negated || ToGroup(nested) is not { } child)
                {
                    return false;
                }

                group.Groups.Add(child);
                continue;
            }

            var rules = ToRules(condition, negated);
            if (rules is null)
            {
                return false;
            }

            group.Rules.AddRange(rules);
        }

        return true;
    }

    private static List<FilterRule>? ToRules(Condition condition, bool negated)
    {
        FilterRule Rule(string key, FilterOperator op, string value = "", FilterValueType type = FilterValueType.Auto) =>
            new() { Field = key, Operator = op, Value = value, ValueType = type };

        return (condition, negated) switch
        {
            (MatchValueCondition m, _) => [Rule(m.Key, negated ? FilterOperator.NotEqualTo : FilterOperator.EqualTo, m.Value.ToString(), TypeOf(m.Value))],
            (IsEmptyCondition e, _) => [Rule(e.Key, negated ? FilterOperator.IsNotEmpty : FilterOperator.IsEmpty)],
            (MatchAnyCondition m, false) when SameType(m.Values) => [Rule(m.Key, FilterOperator.AnyOf, string.Join(", ", m.Values), TypeOf(m.Values[0]))],
            (MatchExceptCondition m, false) when SameType(m.Values) => [Rule(m.Key, FilterOperator.NoneOf, string.Join(", ", m.Values), TypeOf(m.Values[0]))],
            (MatchTextCondition t, false) => [Rule(t.Key, FilterOperator.ContainsText, t.Text)],
            (IsNullCondition n, false) => [Rule(n.Key, FilterOperator.IsNull)],
            (RangeCondition r, false) => RangeRules(r),
            _ => null,
        };

        List<FilterRule>? RangeRules(RangeCondition r)
        {
            var rules = new List<FilterRule>();
            void Add(double? bound, FilterOperator op)
            {
                if (bound is { } b)
                {
                    rules.Add(Rule(r.Key, op, b.ToString("R", CultureInfo.InvariantCulture)));
                }
            }

            Add(r.Gt, FilterOperator.GreaterThan);
            Add(r.Gte, FilterOperator.AtLeast);
            Add(r.Lt, FilterOperator.LessThan);
            Add(r.Lte, FilterOperator.AtMost);
            return rules.Count == 1 ? rules : null;
        }
    }

    private static bool SameType(IReadOnlyList<FilterValue> values) =>
        values.Count > 0 && values.All(v => v.Kind == values[0].Kind) && values.All(v => v.Kind != FilterValueKind.Keyword || !v.Text!.Contains(','));

    private static FilterValueType TypeOf(FilterValue value) => value.Kind switch
    {
        FilterValueKind.Integer => FilterValueType.Integer,
        FilterValueKind.Bool => FilterValueType.Boolean,
        _ => FilterValueType.Text,
    };

    private static FilterValue? Value(string text, FilterValueType type, string name, List<string> errors)
    {
        switch (type)
        {
            case FilterValueType.Text:
                return FilterValue.Keyword(text);
            case FilterValueType.Integer:
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer))
                {
                    return FilterValue.Int(integer);
                }

                errors.Add($"{name}: '{text}' is not a whole number.");
                return null;
            case FilterValueType.Boolean:
                if (bool.TryParse(text, out var flag))
                {
                    return FilterValue.Bool(flag);
                }

                errors.Add($"{name}: '{text}' is not true or false.");
                return null;
            default:
                if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
                {
                    return FilterValue.Keyword(text[1..^1]);
                }

                if (text is "true" or "false")
                {
                    return FilterValue.Bool(text == "true");
                }

                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var auto)
                    ? FilterValue.Int(auto) : FilterValue.Keyword(text);
        }
    }
}
