using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Embedded;
using Pulse.Core.VectorStore.Qdrant;
using Pulse.Testing;

namespace Pulse.Core.Tests.VectorStore;

public sealed class VectorStoreRegistrationTests
{
    [Fact]
    public void Without_a_qdrant_url_the_embedded_store_opens_under_the_data_folder()
    {
        var dataFolder = Path.Combine(Path.GetTempPath(), "pulse-di-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var provider = Build(dataFolder, new Dictionary<string, string?>());

            var store = Assert.IsType<EmbeddedVectorStore>(provider.GetRequiredService<IVectorStore>());

            Assert.Equal(Path.Combine(dataFolder, "vectors"), store.RootPath);
            Assert.Same(store, provider.GetRequiredService<IVectorStore>());
        }
        finally
        {
            TestFolders.TryDelete(dataFolder);
        }
    }

    [Fact]
    public void A_qdrant_url_selects_qdrant_with_the_configured_options()
    {
        using var provider = Build("/unused", new Dictionary<string, string?>
        {
            ["Pulse:VectorStore:QdrantUrl"] = "http://127.0.0.1:6333",
            ["Pulse:VectorStore:ApiKey"] = "k",
            ["Pulse:VectorStore:UpsertBatchSize"] = "64",
        });

        Assert.IsType<QdrantVectorStore>(provider.GetRequiredService<IVectorStore>());
        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<VectorStoreOptions>>().Value;
        Assert.Equal((64, "k"), (options.UpsertBatchSize, options.ApiKey));
    }

    private static ServiceProvider Build(string dataFolder, Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddPulseVectorStore(configuration, dataFolder).BuildServiceProvider();
    }
}
