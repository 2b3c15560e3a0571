namespace Pulse.Core.Providers;

/// <summary>
/// Stores usage rows (<c>ai_usage_tracking</c>). The chain calls it once per integration it
/// considered on a call (see <see cref="UsageRecord"/>), after the outcome is known. A recorder
/// failure is logged and never fails the AI call, because the provider has already answered.
/// </summary>
public interface IUsageRecorder
{
    /// <summary>Stores one row. The chain passes <see cref="CancellationToken.None"/> when the caller has already cancelled, so a paid call is never left unrecorded.</summary>
    Task RecordAsync(UsageRecord record, CancellationToken cancellationToken);
}
