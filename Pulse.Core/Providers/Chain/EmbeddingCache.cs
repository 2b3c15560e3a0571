using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;

namespace Pulse.Core.Providers.Chain;

/// <summary>
/// Embeddings reused within a tenant's 'cache time-to-live': keyed by tenant, integration, model, dimension and the
/// SHA-256 of the text, so a vector is only ever reused for the same tenant and the same vector space. Only small
/// calls (search queries, find-similar) use it; indexing never does, since it skips unchanged rows by content hash.
/// Bounded by entry count, so it cannot grow without limit.
/// </summary>
internal sealed class EmbeddingCache : IDisposable
{
    /// <summary>Calls of at most this many texts are looked up and stored.</summary>
    public const int MaxTextsPerCall = 8;

    /// <summary>Most vectors held at once.</summary>
    public const int Capacity = 20_000;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });

    /// <summary>The cached vector of <paramref name="text"/> for this tenant and integration, or null.</summary>
    public float[]? Find(int tenantId, IntegrationSpec spec, string text) =>
        _cache.TryGetValue(Key(tenantId, spec, text), out float[]? vector) ? vector : null;

    /// <summary>Keeps <paramref name="vector"/> for <paramref name="ttl"/>.</summary>
    public void Store(int tenantId, IntegrationSpec spec, string text, float[] vector, TimeSpan ttl)
    {
        if (ttl <= TimeSpan.Zero) return;
        _cache.Set(Key(tenantId, spec, text), vector, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl, Size = 1 });
    }

    public void Dispose() => _cache.Dispose();

    private static string Key(int tenantId, IntegrationSpec spec, string text) =>
        $"{tenantId}|{spec.Id}|{spec.Kind}|{spec.UsageModelName}|{spec.Dimension}|{spec.BaseUrl}|{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))}";
}
