namespace Pulse.Core.Operations.Health;

/// <summary>
/// A probe of one area of the system. Register more with <c>services.AddSingleton&lt;IHealthSource, MyProbe&gt;()</c>
/// (or scoped): the health page, the history sampler, the API and the metrics pick every registered source up.
/// </summary>
public interface IHealthSource
{
    /// <summary>The component name its rows carry (used for the failure row when the probe itself throws).</summary>
    string Component { get; }

    /// <summary>Measures now. Failures of what is probed become red rows; an exception means the probe itself broke.</summary>
    Task<IReadOnlyList<HealthRow>> ProbeAsync(CancellationToken cancellationToken);
}
