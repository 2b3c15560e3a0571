using Xunit.Sdk;

namespace Pulse.Testing.Http;

/// <summary>Fails a test because traffic departed from a published specification; the message lists every violation.</summary>
public sealed class SpecViolationException : XunitException
{
    /// <summary>Creates the exception from readable violation lines.</summary>
    public SpecViolationException(string specName, IReadOnlyCollection<string> violations)
        : base($"{violations.Count} violation(s) of {specName}:{Environment.NewLine}  "
            + string.Join(Environment.NewLine + "  ", violations))
    {
        Violations = violations;
    }

    /// <summary>The violations, one readable line each.</summary>
    public IReadOnlyCollection<string> Violations { get; }
}
