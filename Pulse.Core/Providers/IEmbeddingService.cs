namespace Pulse.Core.Providers;

/// <summary>
/// Embeds text for a tenant through its provider chain: budget check, primary, fallbacks,
/// breaker, retries, one usage row per integration considered (see <see cref="UsageRecord"/>).
/// </summary>
public interface IEmbeddingService
{
    /// <summary>
    /// Embeds <paramref name="texts"/> in order. <paramref name="integrationId"/> picks the head of
    /// the chain (null: the tenant's default). Throws <see cref="BudgetExceededException"/> when a hard
    /// budget is spent, and <see cref="ProviderException"/> when no integration could answer.
    /// </summary>
    Task<EmbeddingResult> EmbedAsync(
        int tenantId, IReadOnlyList<string> texts, int? integrationId = null, CancellationToken cancellationToken = default);
}
