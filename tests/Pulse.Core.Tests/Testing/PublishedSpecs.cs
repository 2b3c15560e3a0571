using Pulse.Testing.OpenApi;

namespace Pulse.Core.Tests.Testing;

/// <summary>The published specs, loaded once per test run (Qdrant's is half a megabyte).</summary>
internal static class PublishedSpecs
{
    private static readonly Lazy<OpenApiSpec> QdrantSpec = new(() => Load(SpecsFolder.Qdrant, ""));
    private static readonly Lazy<OpenApiSpec> OpenAiSpec = new(() => Load(SpecsFolder.OpenAi, "/v1"));
    private static readonly Lazy<OpenApiSpec> TeiSpec = new(() => Load(SpecsFolder.Tei, ""));

    public static OpenApiSpec Qdrant => QdrantSpec.Value;

    public static OpenApiSpec OpenAi => OpenAiSpec.Value;

    public static OpenApiSpec Tei => TeiSpec.Value;

    // Callers are [SpecFact]s, which do not run when the file is missing.
    private static OpenApiSpec Load(string file, string basePath) =>
        OpenApiSpec.LoadPublished(file, basePath) ?? throw new InvalidOperationException($"{file} is missing");
}
