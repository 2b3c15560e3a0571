using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Qdrant;

namespace Pulse.Core.Tests.VectorStore;

/// <summary>The contract, run against a real Qdrant when <c>PULSE_TEST_QDRANT_URL</c> is set (skipped otherwise).</summary>
[RequiresEnvironmentVariable(QdrantFactAttribute.Variable)]
public sealed class QdrantVectorStoreContractTests(QdrantVectorStoreContractTests.Fixture fixture)
    : VectorStoreContractTests, IClassFixture<QdrantVectorStoreContractTests.Fixture>
{
    protected override IVectorStore Store => fixture.Store;

    [QdrantFact]
    public async Task Health_names_the_qdrant_version()
    {
        var health = await Store.GetHealthAsync();

        Assert.Equal("qdrant", health.Backend);
        Assert.StartsWith("Qdrant ", health.Detail);
    }

    /// <summary>One adapter for the class; created lazily so nothing connects when the tests are skipped.</summary>
    public sealed class Fixture : IDisposable
    {
        private readonly Lazy<QdrantVectorStore> _store = new(() => QdrantVectorStore.Create(new VectorStoreOptions
        {
            QdrantUrl = Environment.GetEnvironmentVariable(QdrantFactAttribute.Variable),
            ApiKey = Environment.GetEnvironmentVariable("PULSE_TEST_QDRANT_API_KEY"),
        }));

        public IVectorStore Store => _store.Value;

        public void Dispose()
        {
            if (_store.IsValueCreated)
            {
                _store.Value.Dispose();
            }
        }
    }
}
