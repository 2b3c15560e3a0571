namespace Pulse.Core.Usage;

/// <summary>
/// Facts added up per period and key, so a period read partly from the rollup and partly from raw rows is still
/// one fact per key (as if one statement had grouped them).
/// </summary>
internal sealed class UsageFactSet
{
    private readonly Dictionary<(DateOnly, int, int?, string, string, string), UsageFact> _facts = [];

    public void Add(UsageFact fact)
    {
        var key = (fact.Period, fact.TenantId, fact.IntegrationId, fact.Provider, fact.Model, fact.Operation);
        if (_facts.TryGetValue(key, out var existing)) existing.Figures.Add(fact.Figures);
        else _facts.Add(key, fact);
    }

    public List<UsageFact> ToList() => [.. _facts.Values];
}
