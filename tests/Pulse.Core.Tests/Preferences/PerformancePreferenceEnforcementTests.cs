using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pulse.Core.Data;
using Pulse.Core.Preferences;
using Pulse.Core.Providers;
using Pulse.Core.Tests.Indexing;
using Pulse.Core.Tests.Tenancy;
using Pulse.Core.Tenancy;
using Pulse.Testing.Http;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Preferences;

/// <summary>
/// The 'performance' preference as the provider chain applies it, through Pulse.Core's real registration, PostgreSQL
/// and an OpenAI-compatible server on loopback: request size, request timeout, the embedding cache and the tenant's
/// concurrency limit. Each tenant's settings touch only its own calls.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PerformancePreferenceEnforcementTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private ServiceProvider _services = null!;
    private PreferencesWorld _world = null!;
    private LoopbackEmbeddings _provider = null!;
    private readonly Pulse.Core.Tests.Providers.Support.RecordingUsageRecorder _usage = new();

    public async Task InitializeAsync()
    {
        _provider = await LoopbackEmbeddings.StartAsync();
        _services = CoreServices.Build(await postgres.CreateMigratedDatabaseAsync("performance"), SystemTenantContext.Platform,
            configure: services =>
            {
                services.Replace(ServiceDescriptor.Singleton<IIntegrationChainResolver>(_provider.Resolver));
                // The loopback integrations have no integrations rows to reference, so usage is kept in memory here and
                // turned into the stored row's shape with the recorder's own mapping.
                services.Replace(ServiceDescriptor.Singleton<IUsageRecorder>(_usage));
            });
        _world = new PreferencesWorld(_services.GetRequiredService<PulseDatabase>());
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _provider.DisposeAsync();
    }

    /// <summary>A tenant using the loopback provider (batch size 16, timeout 2 s), with these performance settings saved.</summary>
    private async Task<int> TenantAsync(Action<PerformancePreference>? set = null)
    {
        var tenant = await _world.TenantAsync();
        _provider.AddTenant(tenant);
        if (set is null) return tenant;
        var edit = TenantPreferences.Defaults();
        set(edit.Performance);
        await _world.Service(await _world.PersonAsync(tenant, PulseRoles.TenantOwner, "Olive Owner")).SaveAsync(edit, 0);
        return tenant;
    }

    private async Task<EmbeddingResult> EmbedAsync(int tenant, params string[] texts)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IEmbeddingService>().EmbedAsync(tenant, texts);
    }

    private List<int> RequestSizes(int from) => _provider.Server.Requests.Skip(from).Select(r => LoopbackEmbeddings.InputsOf(r.JsonBody()).Count()).ToList();

    [Fact]
    public async Task The_tenants_batch_size_caps_the_integrations_and_a_larger_one_leaves_it_alone()
    {
        var small = await TenantAsync(p => { p.BatchSize = 4; p.CacheTtlMinutes = 0; });
        var large = await TenantAsync(p => { p.BatchSize = 500; p.CacheTtlMinutes = 0; });
        var texts = Enumerable.Range(0, 10).Select(i => $"text number {i}").ToArray();

        var before = _provider.Server.Requests.Count;
        var result = await EmbedAsync(small, texts);
        Assert.Equal([4, 4, 2], RequestSizes(before));
        Assert.Equal(10, result.Vectors.Count);

        before = _provider.Server.Requests.Count;
        await EmbedAsync(large, texts);
        Assert.Equal([10], RequestSizes(before)); // the integration's own 16 stands
    }

    [Fact]
    public async Task The_tenants_request_timeout_caps_the_integrations_and_says_so()
    {
        var strict = await TenantAsync(p => { p.RequestTimeoutSeconds = 1; p.CacheTtlMinutes = 0; });
        var relaxed = await TenantAsync(p => p.CacheTtlMinutes = 0);
        _provider.Respond(async r =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            return Pulse.Core.Tests.Providers.Support.FakeProviderResponses.OpenAiEmbeddings(r, LoopbackEmbeddings.Dimension);
        });

        var error = await Assert.ThrowsAsync<ProviderException>(() => EmbedAsync(strict, "slow answer"));
        Assert.Equal(ProviderErrorCategory.Timeout, error.Category);
        Assert.Contains("within 1 s", error.Message, StringComparison.Ordinal);

        var answered = await EmbedAsync(relaxed, "slow answer"); // its integration's 2 s is enough
        Assert.Single(answered.Vectors);
    }

    [Fact]
    public async Task A_repeated_query_within_the_cache_time_to_live_costs_no_request_and_is_recorded_as_cached()
    {
        var cached = await TenantAsync(p => p.CacheTtlMinutes = 60);
        var other = await TenantAsync(p => p.CacheTtlMinutes = 60);
        var uncached = await TenantAsync(p => p.CacheTtlMinutes = 0);

        var before = _provider.Server.Requests.Count;
        var first = await EmbedAsync(cached, "baptism doctrine");
        var second = await EmbedAsync(cached, "baptism doctrine");
        Assert.Equal(1, _provider.Server.Requests.Count - before);
        Assert.Equal(first.Vectors[0], second.Vectors[0]);
        Assert.Equal((0, 1, 0m), (second.Call.Usage.TotalTokens, second.Call.CachedInputs, second.Call.Cost));
        Assert.True(first.Call.Usage.TotalTokens > 0);

        // Partly cached: only the new text is sent.
        before = _provider.Server.Requests.Count;
        var mixed = await EmbedAsync(cached, "baptism doctrine", "pilgrimage");
        Assert.Equal([1], RequestSizes(before));
        Assert.Equal(first.Vectors[0], mixed.Vectors[0]);
        Assert.Equal(1, mixed.Call.CachedInputs);

        // Another tenant asking the same text gets its own request: nothing crosses tenants.
        before = _provider.Server.Requests.Count;
        await EmbedAsync(other, "baptism doctrine");
        Assert.Equal(1, _provider.Server.Requests.Count - before);

        // Caching off: every call is a request.
        before = _provider.Server.Requests.Count;
        await EmbedAsync(uncached, "baptism doctrine");
        await EmbedAsync(uncached, "baptism doctrine");
        Assert.Equal(2, _provider.Server.Requests.Count - before);

        // Indexing-sized calls never use the cache.
        var batch = Enumerable.Range(0, 12).Select(i => $"row {i}").ToArray();
        before = _provider.Server.Requests.Count;
        await EmbedAsync(cached, batch);
        await EmbedAsync(cached, batch);
        Assert.Equal(2, _provider.Server.Requests.Count - before);

        var rows = _usage.Records.Where(u => u.TenantId == cached).Select(Pulse.Core.Integrations.DatabaseUsageRecorder.ToRow).ToList();
        Assert.Equal(5, rows.Count); // one usage row per call, cached or not
        Assert.All(rows, r => Assert.True(r.Success));
        using var metadata = JsonDocument.Parse(rows[1].RequestMetadata!);
        Assert.Equal(1, metadata.RootElement.GetProperty("cached_inputs").GetInt32());
        Assert.Equal((0, 0m), (rows[1].TotalTokens, rows[1].Cost));
        using var plain = JsonDocument.Parse(rows[0].RequestMetadata!);
        Assert.False(plain.RootElement.TryGetProperty("cached_inputs", out _));
    }

    [Fact]
    public async Task Calls_beyond_the_tenants_maximum_concurrency_wait_for_a_slot()
    {
        var limited = await TenantAsync(p => { p.MaxConcurrency = 2; p.CacheTtlMinutes = 0; });
        var inFlight = 0;
        var peak = 0;
        var release = new TaskCompletionSource();
        _provider.Respond(async r =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            await release.Task;
            Interlocked.Decrement(ref inFlight);
            return Pulse.Core.Tests.Providers.Support.FakeProviderResponses.OpenAiEmbeddings(r, LoopbackEmbeddings.Dimension);
        });

        var calls = Enumerable.Range(0, 5).Select(i => EmbedAsync(limited, $"parallel {i}")).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref inFlight) < 2 && DateTime.UtcNow < deadline) await Task.Delay(20);
        await Task.Delay(300); // time for a third request to arrive if the gate let it through
        Assert.Equal(2, Volatile.Read(ref inFlight));
        release.SetResult();
        var results = await Task.WhenAll(calls);

        Assert.All(results, r => Assert.Single(r.Vectors));
        Assert.Equal(2, peak);
    }

    [Fact]
    public void The_built_in_embedder_keeps_its_own_batch_size_and_an_unset_preference_changes_nothing()
    {
        var settings = PreferencesCallSettings.From(new PerformancePreference { BatchSize = 8, RequestTimeoutSeconds = 5 });
        var local = Pulse.Core.Providers.Local.LocalHashingEmbedder.CreateSpec();
        var applied = settings.Apply(local);
        Assert.Equal(local.Performance.BatchSize, applied.Performance.BatchSize);
        Assert.Equal(5, applied.Performance.TimeoutSeconds);
        Assert.Same(local, TenantCallSettings.None.Apply(local));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
