using Pulse.Core.VectorStore.Embedded;
using Pulse.Testing;

namespace Pulse.Core.Tests.VectorStore;

/// <summary>One embedded store in a throwaway folder, shared by a test class.</summary>
public sealed class EmbeddedVectorStoreFixture : IDisposable
{
    public EmbeddedVectorStoreFixture()
    {
        Folder = Path.Combine(Path.GetTempPath(), "pulse-vectors-" + Guid.NewGuid().ToString("N"));
        Store = new EmbeddedVectorStore(Folder);
    }

    public string Folder { get; }
    public EmbeddedVectorStore Store { get; }

    public void Dispose()
    {
        Store.Dispose();
        TestFolders.TryDelete(Folder);
    }
}
