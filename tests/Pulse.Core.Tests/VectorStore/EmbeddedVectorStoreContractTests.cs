using Pulse.Core.VectorStore;

namespace Pulse.Core.Tests.VectorStore;

/// <summary>The contract, run against the embedded store.</summary>
public sealed class EmbeddedVectorStoreContractTests(EmbeddedVectorStoreFixture fixture)
    : VectorStoreContractTests, IClassFixture<EmbeddedVectorStoreFixture>
{
    protected override IVectorStore Store => fixture.Store;
}
