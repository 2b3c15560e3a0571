using Microsoft.Extensions.Options;
using Pulse.Core.Providers.Resilience;
using Pulse.Core.Tests.Providers.Support;

namespace Pulse.Core.Tests.Providers;

public sealed class CircuitBreakerRegistryTests
{
    private readonly ManualTimeProvider _clock = new();
    private readonly CircuitBreakerRegistry _breakers;

    public CircuitBreakerRegistryTests()
    {
        _breakers = new CircuitBreakerRegistry(
            Options.Create(new ProviderResilienceOptions { BreakerFailureThreshold = 3, BreakerCooldown = TimeSpan.FromSeconds(30) }), _clock);
    }

    [Fact]
    public void It_opens_after_the_threshold_of_consecutive_failures()
    {
        Fail(1, times: 2);
        Assert.True(_breakers.TryAcquire(1));

        Fail(1, times: 1);

        Assert.False(_breakers.TryAcquire(1));
        Assert.Equal(CircuitState.Open, _breakers.GetSnapshot(1).State);
    }

    [Fact]
    public void A_success_resets_the_count_of_consecutive_failures()
    {
        Fail(1, times: 2);
        _breakers.ReportSuccess(1);
        Fail(1, times: 2);

        Assert.True(_breakers.TryAcquire(1));
    }

    [Fact]
    public void After_the_cool_down_exactly_one_trial_call_goes_through()
    {
        Fail(1, times: 3);
        _clock.Advance(TimeSpan.FromSeconds(31));

        Assert.True(_breakers.TryAcquire(1));
        Assert.False(_breakers.TryAcquire(1));
        Assert.Equal(CircuitState.HalfOpen, _breakers.GetSnapshot(1).State);
    }

    [Fact]
    public void A_successful_trial_closes_the_breaker()
    {
        Fail(1, times: 3);
        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(_breakers.TryAcquire(1));

        _breakers.ReportSuccess(1);

        Assert.Equal(CircuitState.Closed, _breakers.GetSnapshot(1).State);
        Assert.True(_breakers.TryAcquire(1));
    }

    [Fact]
    public void A_failed_trial_reopens_for_another_cool_down()
    {
        Fail(1, times: 3);
        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(_breakers.TryAcquire(1));

        _breakers.ReportFailure(1);

        Assert.False(_breakers.TryAcquire(1));
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(_breakers.TryAcquire(1));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(_breakers.TryAcquire(1));
    }

    [Fact]
    public void An_inconclusive_trial_frees_the_trial_slot()
    {
        Fail(1, times: 3);
        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(_breakers.TryAcquire(1));

        _breakers.ReportInconclusive(1);

        Assert.True(_breakers.TryAcquire(1));
    }

    [Fact]
    public void Breakers_are_kept_per_integration()
    {
        Fail(1, times: 3);

        Assert.False(_breakers.TryAcquire(1));
        Assert.True(_breakers.TryAcquire(2));
    }

    [Fact]
    public void Reset_forgets_an_integrations_failures()
    {
        Fail(1, times: 3);

        _breakers.Reset(1);

        Assert.True(_breakers.TryAcquire(1));
        Assert.Equal(0, _breakers.GetSnapshot(1).ConsecutiveFailures);
    }

    private void Fail(int id, int times)
    {
        for (var i = 0; i < times; i++)
        {
            _breakers.TryAcquire(id);
            _breakers.ReportFailure(id);
        }
    }
}
