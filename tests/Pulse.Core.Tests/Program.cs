using Pulse.Core.Tests.VectorStore;

namespace Pulse.Core.Tests;

/// <summary>
/// Entry point for helper processes that tests start from this same assembly (<c>dotnet Pulse.Core.Tests.dll verb ...</c>),
/// e.g. an ingest that a test kills mid-way. The test runner does not call it.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args) => args switch
    {
        [IngestUntilKilled.Verb, var folder, var collection] => await IngestUntilKilled.RunAsync(folder, collection),
        _ => 2,
    };
}
