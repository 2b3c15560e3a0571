using Microsoft.EntityFrameworkCore;
using Pulse.Core.Collections;
using Pulse.Core.VectorStore;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Collections;

/// <summary>The ANN quality check over the real embedded store: what it reports, what it refuses, and tenant boundaries.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AnnQualityCheckTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private CollectionsHost _host = null!;

    public async Task InitializeAsync() => _host = await CollectionsHost.StartAsync(postgres);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task On_the_embedded_store_an_analyst_gets_recall_one_said_to_be_by_construction_and_the_run_is_audited()
    {
        var name = await _host.SeedAsync(_host.TenantA, "docs", 40);
        var check = _host.AsAnalyst(_host.TenantA).Get<AnnQualityCheck>();

        var result = await check.RunAsync(name, sampleSize: 15, k: 5, ef: 64);

        Assert.Equal((15, 5, 64, 40), (result.SampleSize, result.K, result.Ef, result.PointsScanned));
        Assert.Equal(1.0, result.MeanRecall);
        Assert.Equal(1.0, result.MinRecall);
        Assert.True(result.AlwaysExact);
        Assert.Equal("embedded", result.Backend);
        Assert.Contains("always searches exactly", result.Note);
        Assert.Contains("by construction", result.Note);
        Assert.True(result.Approximate.P50Milliseconds <= result.Approximate.P95Milliseconds);
        Assert.True(result.Exact.P50Milliseconds <= result.Exact.P95Milliseconds);

        var again = await _host.Get<AnnQualityCheck>().RunAsync(name, sampleSize: 500, k: 100, ef: null);
        Assert.Equal((40, 1.0), (again.SampleSize, again.MeanRecall));

        await using var db = _host.AdminDb();
        Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Action == "collection.ann_check" && a.Target == name && a.TenantId == _host.TenantA));
    }

    [Theory]
    [InlineData(0, 10, null, "Sample size 0 is out of range: use 1 to 500 points.")]
    [InlineData(501, 10, null, "Sample size 501 is out of range: use 1 to 500 points.")]
    [InlineData(10, 0, null, "k 0 is out of range: use 1 to 100 neighbours.")]
    [InlineData(10, 101, null, "k 101 is out of range: use 1 to 100 neighbours.")]
    [InlineData(10, 10, 0, "ef 0 is out of range: use 1 to 4096, or leave it empty for the store's default.")]
    [InlineData(10, 10, 4097, "ef 4097 is out of range: use 1 to 4096, or leave it empty for the store's default.")]
    public async Task Out_of_range_inputs_are_refused_with_the_allowed_range(int sampleSize, int k, int? ef, string expected)
    {
        var name = await _host.SeedAsync(_host.TenantA, "docs", 5);
        var check = _host.AsAnalyst(_host.TenantA).Get<AnnQualityCheck>();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => check.RunAsync(name, sampleSize, k, ef));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public async Task An_empty_collection_is_refused_with_a_message()
    {
        var name = CollectionNames.ForTenant(_host.TenantA, "empty");
        await _host.Store.CreateCollectionAsync(name, new CollectionDefinition(4, Distance.Cosine));
        var check = _host.AsAnalyst(_host.TenantA).Get<AnnQualityCheck>();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => check.RunAsync(name, 10, 5, null));

        Assert.Contains("has no points", error.Message);
    }

    [Fact]
    public async Task Another_tenants_collection_is_refused_like_the_rest_of_the_browser()
    {
        var theirs = await _host.SeedAsync(_host.TenantB, "secret", 10);
        _host.AsAnalyst(_host.TenantA);

        await Assert.ThrowsAsync<VectorStoreAccessDeniedException>(() => _host.Get<CollectionBrowser>().GetAsync(theirs));
        await Assert.ThrowsAsync<VectorStoreAccessDeniedException>(() => _host.Get<AnnQualityCheck>().RunAsync(theirs, 5, 3, null));
        var missing = await Assert.ThrowsAsync<VectorStoreException>(() => _host.Get<AnnQualityCheck>().RunAsync(CollectionNames.ForTenant(_host.TenantA, "nope"), 5, 3, null));

        Assert.Equal(VectorStoreErrorKind.NotFound, missing.Kind);
        await using var db = _host.AdminDb();
        Assert.False(await db.AuditLog.AnyAsync(a => a.Action == "collection.ann_check"));
    }
}
