using Microsoft.Extensions.Options;

namespace Pulse.Core.Providers.Resilience;

/// <summary>
/// One in-memory circuit breaker per integration id, shared by every call in the process
/// (register as a singleton). Polly's breaker counts a failure ratio over a sampling window
/// per pipeline; the chain wants "N consecutive failures of this integration, whoever called",
/// which is this small state machine.
/// </summary>
public sealed class CircuitBreakerRegistry(IOptions<ProviderResilienceOptions> options, TimeProvider timeProvider)
{
    private readonly Dictionary<int, Breaker> _breakers = [];
    private readonly Lock _gate = new();

    /// <summary>
    /// Asks to call <paramref name="integrationId"/>. False while its breaker is open, and while
    /// a half-open trial is already under way; true otherwise (and when true in half-open, the
    /// caller's call is the trial and must end in a Report call).
    /// </summary>
    public bool TryAcquire(int integrationId)
    {
        lock (_gate)
        {
            var b = Get(integrationId);
            switch (b.State)
            {
                case CircuitState.Closed:
                    return true;
                case CircuitState.Open when timeProvider.GetUtcNow() >= b.OpenUntil:
                    b.State = CircuitState.HalfOpen;
                    b.TrialInFlight = true;
                    return true;
                case CircuitState.HalfOpen when !b.TrialInFlight:
                    b.TrialInFlight = true;
                    return true;
                default:
                    return false;
            }
        }
    }

    /// <summary>The integration answered: the breaker closes and the failure count resets.</summary>
    public void ReportSuccess(int integrationId)
    {
        lock (_gate)
        {
            var b = Get(integrationId);
            b.State = CircuitState.Closed;
            b.ConsecutiveFailures = 0;
            b.TrialInFlight = false;
        }
    }

    /// <summary>The integration failed: a failed trial reopens, the Nth consecutive failure opens.</summary>
    public void ReportFailure(int integrationId)
    {
        lock (_gate)
        {
            var b = Get(integrationId);
            b.ConsecutiveFailures++;
            b.TrialInFlight = false;
            if (b.State == CircuitState.HalfOpen || b.ConsecutiveFailures >= Math.Max(1, options.Value.BreakerFailureThreshold))
            {
                b.State = CircuitState.Open;
                b.OpenUntil = timeProvider.GetUtcNow() + options.Value.BreakerCooldown;
            }
        }
    }

    /// <summary>The call ended without telling anything about the integration (cancelled, bad input): frees a trial slot.</summary>
    public void ReportInconclusive(int integrationId)
    {
        lock (_gate)
        {
            Get(integrationId).TrialInFlight = false;
        }
    }

    /// <summary>Forgets an integration's history; call it after its configuration or key changes.</summary>
    public void Reset(int integrationId)
    {
        lock (_gate)
        {
            _breakers.Remove(integrationId);
        }
    }

    /// <summary>The breaker's current state (an open breaker past its cool-down reads half-open).</summary>
    public CircuitSnapshot GetSnapshot(int integrationId)
    {
        lock (_gate)
        {
            if (!_breakers.TryGetValue(integrationId, out var b))
            {
                return new CircuitSnapshot(integrationId, CircuitState.Closed, 0, null);
            }

            var state = b.State == CircuitState.Open && timeProvider.GetUtcNow() >= b.OpenUntil ? CircuitState.HalfOpen : b.State;
            return new CircuitSnapshot(integrationId, state, b.ConsecutiveFailures, b.State == CircuitState.Open ? b.OpenUntil : null);
        }
    }

    private Breaker Get(int integrationId)
    {
        if (!_breakers.TryGetValue(integrationId, out var breaker))
        {
            breaker = new Breaker();
            _breakers[integrationId] = breaker;
        }

        return breaker;
    }

    private sealed class Breaker
    {
        public CircuitState State { get; set; } = CircuitState.Closed;

        public int ConsecutiveFailures { get; set; }

        public DateTimeOffset OpenUntil { get; set; }

        public bool TrialInFlight { get; set; }
    }
}
