using System.Globalization;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.VectorStore;

/// <summary>
/// One value of a faceted payload key and how many points carry it (Qdrant's <c>FacetValueHit</c>). The value is a
/// string, a 64-bit integer or a boolean, as in Qdrant's <c>FacetValue</c>; a point whose array holds the value twice
/// counts once.
/// </summary>
public sealed record FacetHit(FilterValue Value, long Count)
{
    /// <summary>The value as text (a string as is, an integer in invariant digits, a boolean as true/false).</summary>
    public string Text => Value.ToString();

    /// <summary>Qdrant's order of facet hits: most points first, then by value (strings ordinally, integers numerically, false before true).</summary>
    public static int Compare(FacetHit a, FacetHit b)
    {
        var byCount = b.Count.CompareTo(a.Count);
        return byCount != 0 ? byCount : CompareValues(a.Value, b.Value);
    }

    /// <summary>Orders values of different kinds by kind (strings, then integers, then booleans), the same kind by value.</summary>
    public static int CompareValues(FilterValue a, FilterValue b)
    {
        if (a.Kind != b.Kind)
        {
            return a.Kind.CompareTo(b.Kind);
        }

        return a.Kind switch
        {
            FilterValueKind.Keyword => string.CompareOrdinal(a.Text, b.Text),
            FilterValueKind.Integer => a.Integer.CompareTo(b.Integer),
            _ => a.Boolean.CompareTo(b.Boolean),
        };
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Text} ({Count})");
}
