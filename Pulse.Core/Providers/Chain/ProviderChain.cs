using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Pulse.Core.Providers.Resilience;

namespace Pulse.Core.Providers.Chain;

/// <summary>
/// Runs one AI call through a tenant's chain: budget check, then the primary and each fallback
/// in turn (each behind its breaker, timeout and retries), writing one usage row per
/// integration considered. The first integration that answers wins. The tenant's own call settings (the 'performance'
/// preference) cap each integration's request size and timeout, and hold its concurrent calls to its limit. A provider
/// whose refusing monthly cap is spent is not asked: its links are passed over (no usage row, no request), and when
/// every link is passed over the call is refused like an exhausted budget.
/// </summary>
internal sealed class ProviderChain(
    IIntegrationChainResolver resolver,
    IBudgetGuard budgetGuard,
    ITenantCallSettingsSource settingsSource,
    TenantConcurrencyGates gates,
    IUsageRecorder usageRecorder,
    CircuitBreakerRegistry breakers,
    IntegrationAttemptRunner runner,
    TimeProvider timeProvider,
    ILogger<ProviderChain> logger)
{
    public async Task<ChainOutcome<T>> ExecuteAsync<T>(
        ChainCall call,
        Func<ResolvedIntegration, TenantCallSettings, CancellationToken, Task<ProviderReply<T>>> invoke,
        CancellationToken cancellationToken)
    {
        // The three reads are independent (each on its own connection), so they run at once: a call waits for the
        // slowest, not the sum. No provider is asked before all three are in; a budget refusal is the error that wins.
        // In one call scope, the tenant's settings behind all three are read once (a caller's scope, such as a
        // search's, is joined).
        using var scope = ProviderCallScope.Begin();
        var budgetCheck = CheckBudgetAsync(call, cancellationToken);
        var settingsRead = settingsSource.ForTenantAsync(call.TenantId, cancellationToken);
        var resolution = resolver.ResolveAsync(call.TenantId, call.Subtype, call.PrimaryIntegrationId, cancellationToken);
        await Task.WhenAll(budgetCheck, settingsRead, resolution).ConfigureAwait(false);
        var budget = await budgetCheck.ConfigureAwait(false);
        var capped = budget.ProviderDecisions.Where(d => !d.Allowed && d.Provider is not null)
            .GroupBy(d => d.Provider!.Value).ToDictionary(g => g.Key, g => g.First());
        var settings = await settingsRead.ConfigureAwait(false);
        var resolved = await resolution.ConfigureAwait(false);
        var chain = resolved.Select(link => link with { Spec = settings.Apply(link.Spec) }).ToList();
        if (chain.Count == 0)
        {
            ProviderLog.NoIntegration(logger, call.TenantId, call.Subtype);
            throw new ProviderException(ProviderErrorCategory.Configuration, $"No {SubtypeWord(call.Subtype)} provider is configured for this tenant.");
        }

        var records = new UsageRecords(call, chain[0].Spec.Id, Guid.NewGuid());
        using var slot = await gates.EnterAsync(call.TenantId, settings.MaxConcurrency, cancellationToken).ConfigureAwait(false);
        var callStarted = timeProvider.GetTimestamp();
        var failures = new List<ProviderAttemptFailure>(chain.Count);
        for (var position = 0; position < chain.Count; position++)
        {
            if (capped.TryGetValue(chain[position].Spec.Kind, out var cap))
            {
                var spec = chain[position].Spec;
                ProviderLog.BudgetRefused(logger, call.TenantId, cap.BudgetName, cap.Spent, cap.Limit, cap.Currency);
                failures.Add(new ProviderAttemptFailure(spec.Id, spec.Name, ProviderErrorCategory.BudgetCapped,
                    $"{ProviderNames.Label(spec.Kind)} integration '{spec.Name}' was not asked: the {cap.BudgetName} of {cap.Limit:0.####} {cap.Currency} is spent ({cap.Spent:0.####} {cap.Currency}{(cap.Period is null ? "" : $" in {cap.Period}")})."));
                continue;
            }

            var (outcome, failure) = await TryIntegrationAsync(call, records, position, chain[position], (l, token) => invoke(l, settings, token), callStarted, cancellationToken).ConfigureAwait(false);
            if (outcome is not null)
            {
                if (position > 0)
                {
                    ProviderLog.FallbackServed(logger, call.TenantId, outcome.Call.IntegrationId, records.FirstIntegrationId);
                }

                return outcome;
            }

            failures.Add(failure!);
        }

        if (failures.All(f => f.Category == ProviderErrorCategory.BudgetCapped))
        {
            // Every provider of the chain is capped: the same refusal as a spent budget, naming the first cap.
            var cap = capped[chain[0].Spec.Kind];
            throw new BudgetExceededException(call.TenantId, cap);
        }

        throw Exhausted(call, failures);
    }

    private async Task<(ChainOutcome<T>? Outcome, ProviderAttemptFailure? Failure)> TryIntegrationAsync<T>(
        ChainCall call, UsageRecords records, int position, ResolvedIntegration link,
        Func<ResolvedIntegration, CancellationToken, Task<ProviderReply<T>>> invoke, long callStarted, CancellationToken cancellationToken)
    {
        var spec = link.Spec;
        var startedAt = timeProvider.GetUtcNow();
        if (!breakers.TryAcquire(spec.Id))
        {
            ProviderLog.IntegrationSkipped(logger, spec.Id, spec.Name);
            var skipped = new ProviderException(ProviderErrorCategory.CircuitOpen,
                $"{ProviderNames.Label(spec.Kind)} integration '{spec.Name}' was skipped: it failed repeatedly and is resting before the next try.") { IntegrationId = spec.Id };
            return (null, await FailedAsync(records, position, spec, skipped, 0, 0, startedAt, cancellationToken).ConfigureAwait(false));
        }

        var attempts = new StrongBox<int>();
        var started = timeProvider.GetTimestamp();
        try
        {
            var reply = await runner.RunAsync(spec, token => invoke(link, token), attempts, cancellationToken).ConfigureAwait(false);
            breakers.ReportSuccess(spec.Id);
            return (await SucceededAsync(records, position, spec, reply, ElapsedMs(started), ElapsedMs(callStarted), attempts.Value, startedAt, cancellationToken).ConfigureAwait(false), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            breakers.ReportInconclusive(spec.Id);
            var cancelled = new ProviderException(ProviderErrorCategory.Cancelled, "The caller cancelled the request.");
            await RecordAsync(records.Failure(spec, position, cancelled, ElapsedMs(started), attempts.Value, startedAt), CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (ProviderException ex)
        {
            ReportToBreaker(spec.Id, ex);
            ProviderLog.IntegrationFailed(logger, spec.Id, spec.Name, ex.Category, attempts.Value, ex.Message);
            return (null, await FailedAsync(records, position, spec, ex, ElapsedMs(started), attempts.Value, startedAt, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception)
        {
            // A bug or a caller error (ArgumentException): not the provider's fault, but the
            // half-open trial slot must not stay taken forever.
            breakers.ReportInconclusive(spec.Id);
            throw;
        }
    }

    private async Task<ChainOutcome<T>> SucceededAsync<T>(
        UsageRecords records, int position, IntegrationSpec spec, ProviderReply<T> reply, long latency, long totalLatency, int attempts,
        DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var cost = spec.Cost.Compute(reply.Usage.InputTokens, reply.Usage.OutputTokens);
        await RecordAsync(records.Success(spec, position, reply.Usage, cost, latency, attempts, startedAt, reply.CachedInputs), cancellationToken).ConfigureAwait(false);
        ProviderLog.IntegrationSucceeded(logger, spec.Id, spec.Name, latency, attempts, reply.Usage.TotalTokens);
        var info = new ProviderCallInfo(spec.Id, spec.Name, spec.Kind, spec.UsageModelName, reply.Usage, cost, spec.Cost.Currency,
            latency, totalLatency, attempts, position > 0, records.FirstIntegrationId, records.CallId) { CachedInputs = reply.CachedInputs };
        return new ChainOutcome<T>(reply.Value, info);
    }

    private async Task<ProviderAttemptFailure> FailedAsync(
        UsageRecords records, int position, IntegrationSpec spec, ProviderException error, long latency, int attempts,
        DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await RecordAsync(records.Failure(spec, position, error, latency, attempts, startedAt), cancellationToken).ConfigureAwait(false);
        return new ProviderAttemptFailure(spec.Id, spec.Name, error.Category, error.Message);
    }

    private void ReportToBreaker(int integrationId, ProviderException error)
    {
        if (error.CountsAgainstBreaker)
        {
            breakers.ReportFailure(integrationId);
        }
        else
        {
            breakers.ReportInconclusive(integrationId);
        }
    }

    private async Task<BudgetDecision> CheckBudgetAsync(ChainCall call, CancellationToken cancellationToken)
    {
        var decision = await budgetGuard.CheckAsync(call.TenantId, call.Operation, cancellationToken).ConfigureAwait(false);
        if (!decision.Allowed)
        {
            ProviderLog.BudgetRefused(logger, call.TenantId, decision.BudgetName, decision.Spent, decision.Limit, decision.Currency);
            throw new BudgetExceededException(call.TenantId, decision);
        }

        if (decision.SoftLimitReached)
        {
            ProviderLog.BudgetSoftLimit(logger, call.TenantId, decision.BudgetName, decision.Spent, decision.Limit, decision.Currency);
        }

        foreach (var soft in decision.ProviderDecisions.Where(d => d.Allowed && d.SoftLimitReached))
        {
            ProviderLog.BudgetSoftLimit(logger, call.TenantId, soft.BudgetName, soft.Spent, soft.Limit, soft.Currency);
        }

        return decision;
    }

    // A usage row is bookkeeping: losing one is logged loudly but must not turn an answered
    // (and paid) call into a failure.
    private async Task RecordAsync(UsageRecord record, CancellationToken cancellationToken)
    {
        try
        {
            var token = cancellationToken.IsCancellationRequested ? CancellationToken.None : cancellationToken;
            await usageRecorder.RecordAsync(record, token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ProviderLog.UsageRecordFailed(logger, ex, record.TenantId, record.IntegrationId);
        }
    }

    private ProviderException Exhausted(ChainCall call, List<ProviderAttemptFailure> failures)
    {
        var lead = failures.Count == 1
            ? $"The {SubtypeWord(call.Subtype)} provider could not answer."
            : $"None of the {failures.Count} {SubtypeWord(call.Subtype)} providers could answer.";
        var message = lead + " " + string.Join(" ", failures.Select(f => f.Message));
        ProviderLog.ChainExhausted(logger, call.TenantId, call.Subtype, message);
        var category = failures.FirstOrDefault(f => f.Category is not (ProviderErrorCategory.CircuitOpen or ProviderErrorCategory.BudgetCapped))?.Category
            ?? ProviderErrorCategory.CircuitOpen;
        return new ProviderException(category, message) { IntegrationId = failures[0].IntegrationId, Attempts = failures };
    }

    private long ElapsedMs(long startTimestamp) => (long)timeProvider.GetElapsedTime(startTimestamp).TotalMilliseconds;

    private static string SubtypeWord(ProviderSubtype subtype) => subtype == ProviderSubtype.Embedding ? "embedding" : "language-model";
}
