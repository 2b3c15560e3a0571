namespace Pulse.Core.Providers;

/// <summary>
/// Follows fallback links from a primary and stops where the chain stops making sense: a loop,
/// a missing or inactive integration, another subtype, or (for embeddings) another model space,
/// since vectors from different models or dimensions cannot be compared.
/// Both a resolver (to cut a chain) and the portal's edit form (to explain why) use it.
/// </summary>
public static class IntegrationChainValidator
{
    /// <summary>Walks the chain from <paramref name="primary"/>; <paramref name="lookup"/> returns null for missing or inactive ids.</summary>
    public static IntegrationChainValidation Walk(IntegrationSpec primary, Func<int, IntegrationSpec?> lookup)
    {
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(lookup);
        var chain = new List<IntegrationSpec> { primary };
        var seen = new HashSet<int> { primary.Id };
        var current = primary;
        while (current.FallbackIntegrationId is int nextId)
        {
            var problem = Check(primary, current, nextId, lookup(nextId), seen);
            if (problem is not null)
            {
                return new IntegrationChainValidation(chain, [problem]);
            }

            current = lookup(nextId)!;
            seen.Add(current.Id);
            chain.Add(current);
        }

        return new IntegrationChainValidation(chain, []);
    }

    private static string? Check(IntegrationSpec primary, IntegrationSpec current, int nextId, IntegrationSpec? next, HashSet<int> seen)
    {
        if (next is null)
        {
            return $"'{current.Name}' falls back to integration {nextId}, which does not exist or is inactive.";
        }

        if (seen.Contains(next.Id))
        {
            return $"'{current.Name}' falls back to '{next.Name}', which is already earlier in the chain: the chain would loop.";
        }

        if (next.Subtype != primary.Subtype)
        {
            return $"'{current.Name}' falls back to '{next.Name}', which is a {next.Subtype} integration, not {primary.Subtype}.";
        }

        if (primary.Subtype == ProviderSubtype.Embedding && !next.SharesModelSpaceWith(primary))
        {
            return $"'{next.Name}' ({next.UsageModelName}, {Dim(next)}) cannot stand in for '{primary.Name}' ({primary.UsageModelName}, {Dim(primary)}): "
                + "vectors from different models or dimensions cannot be compared, so searches would return nonsense.";
        }

        return null;
    }

    private static string Dim(IntegrationSpec spec) => spec.Dimension is int d ? $"{d} dimensions" : "dimension not set";
}
