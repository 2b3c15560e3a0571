using Pulse.Core.Providers;

namespace Pulse.Core.Integrations;

/// <summary>
/// The fallback rules of one tenant's integrations: no loops, the same subtype, and for embeddings the same vector
/// space (model and dimension) all along the chain, checked both for the edited integration's own fallback and for
/// the integrations that fall back to it.
/// </summary>
internal static class FallbackRules
{
    /// <summary>The chain starting at <paramref name="candidate"/> and the first problem, if any.</summary>
    /// <param name="candidate">The integration as it would be saved.</param>
    /// <param name="tenant">Every integration of the tenant (the candidate's saved version, if any, is replaced by the candidate).</param>
    /// <param name="active">Whether each integration is enabled.</param>
    public static ChainPreview Preview(IntegrationSpec candidate, IReadOnlyDictionary<int, IntegrationSpec> tenant, Func<int, bool> active)
    {
        var specs = new Dictionary<int, IntegrationSpec>(tenant) { [candidate.Id] = candidate };
        var links = new List<ChainLink> { Link(candidate, active) };
        var problem = OwnFallbackProblem(candidate, specs, links, active) ?? PredecessorProblem(candidate, specs);
        return new ChainPreview(links, problem);
    }

    private static string? OwnFallbackProblem(IntegrationSpec candidate, Dictionary<int, IntegrationSpec> specs, List<ChainLink> links, Func<int, bool> active)
    {
        if (candidate.FallbackIntegrationId is not int first) return null;
        if (first == candidate.Id) return $"'{candidate.Name}' cannot fall back to itself.";
        if (!specs.TryGetValue(first, out var next)) return "The chosen fallback does not exist in this tenant.";
        var problem = PairProblem(candidate, next);
        var seen = new HashSet<int> { candidate.Id };
        var current = next;
        while (true)
        {
            links.Add(Link(current, active));
            if (!seen.Add(current.Id))
            {
                var names = string.Join(" -> ", links.SkipWhile(l => l.Id != current.Id).Select(l => l.Name));
                return $"This fallback would make a loop: {names}. A chain must end.";
            }

            if (current.FallbackIntegrationId is not int after || !specs.TryGetValue(after, out var following)) return problem;
            current = following;
        }
    }

    private static string? PredecessorProblem(IntegrationSpec candidate, Dictionary<int, IntegrationSpec> specs)
    {
        foreach (var before in specs.Values.Where(s => s.Id != candidate.Id && s.FallbackIntegrationId == candidate.Id).OrderBy(s => s.Id))
        {
            if (PairProblem(before, candidate) is string problem)
                return $"'{before.Name}' falls back to this integration. {problem}";
        }

        return null;
    }

    /// <summary>Why <paramref name="next"/> cannot be the fallback of <paramref name="from"/>, or null.</summary>
    public static string? PairProblem(IntegrationSpec from, IntegrationSpec next)
    {
        if (next.Subtype != from.Subtype)
            return $"'{next.Name}' is an {Label(next.Subtype)} integration and cannot stand in for '{from.Name}', an {Label(from.Subtype)} integration.";
        if (from.Subtype == ProviderSubtype.Embedding && !next.SharesModelSpaceWith(from))
            return $"'{next.Name}' ({Space(next)}) cannot stand in for '{from.Name}' ({Space(from)}): vectors from different models or dimensions "
                + "live in different vector spaces and cannot be searched together. Choose a fallback with the same model and dimension.";
        return null;
    }

    private static ChainLink Link(IntegrationSpec spec, Func<int, bool> active) =>
        new(spec.Id, spec.Name, spec.Kind, spec.UsageModelName, spec.Dimension, active(spec.Id));

    private static string Label(ProviderSubtype subtype) => subtype == ProviderSubtype.Llm ? "LLM" : "embedding";

    private static string Space(IntegrationSpec spec) => $"{spec.UsageModelName}, {(spec.Dimension is int d ? $"{d} dimensions" : "no dimension")}";
}
