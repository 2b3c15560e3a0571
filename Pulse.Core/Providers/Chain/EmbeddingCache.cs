using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;

namespace Pulse.Core.Providers.Chain;

/// <summary>
/// Embeddings reused within a tenant's 'cache time-to-live': keyed by tenant, integration, a fingerprint of everything
/// that decides the vector (kind, base URL, model, Azure deployment and api-version, dimension, route, headers, and the
/// integration's <see cref="IntegrationSpec.ConfigurationStamp"/>, which moves on every saved edit) and the SHA-256 of
/// the text, so a vector is only ever reused for the same tenant and the same configuration of the same integration. Only small
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
        $"{tenantId}|{spec.Id}|{Fingerprint(spec)}|{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))}";

    /// <summary>A hash of the spec's fields that decide which vector a text gets.</summary>
    internal static string Fingerprint(IntegrationSpec spec)
    {
        var headers = string.Join("\n", spec.ExtraHeaders.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}:{h.Value}"));
        var fields = string.Join("\u001f", spec.ConfigurationStamp, spec.Kind, spec.BaseUrl, spec.Model, spec.PricingModel, spec.AzureDeployment,
            spec.AzureApiVersion, spec.Dimension, spec.SendDimensions, spec.UseOpenAiCompatibleRoute, headers);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(fields)));
    }
}
