namespace Pulse.Testing.OpenApi;

/// <summary>
/// Finds the published API specifications that live beside the repository (<c>../shared/specs</c>),
/// so protocol tests can check test doubles against them, and skip with a stated reason where they are absent.
/// </summary>
public static class SpecsFolder
{
    /// <summary>File name of the Qdrant REST specification.</summary>
    public const string Qdrant = "qdrant-openapi-v1.19.json";

    /// <summary>File name of the OpenAI embeddings and chat completions specification.</summary>
    public const string OpenAi = "openai-openapi-embeddings-chat.json";

    /// <summary>File name of the Hugging Face Text Embeddings Inference specification.</summary>
    public const string Tei = "tei-openapi.json";

    /// <summary>Why spec-dependent tests are skipped when the folder cannot be found.</summary>
    public const string MissingReason =
        "../shared/specs not found: protocol checks against the published specification are skipped";

    /// <summary>Walks up from the test binaries to the first folder that has a <c>shared/specs</c> child.</summary>
    /// <returns>The full path of the specs folder, or null when no ancestor has one.</returns>
    public static string? Find() => Find(AppContext.BaseDirectory);

    /// <summary>Walks up from <paramref name="startDirectory"/> to the first folder that has a <c>shared/specs</c> child.</summary>
    public static string? Find(string startDirectory)
    {
        // Checkouts sit at <x>/main or <x>/wt-name with the specs at <x>/shared/specs, and binaries
        // are several levels below the checkout, so every ancestor is a candidate parent.
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "specs");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The full path of one specification file, or null when the folder or the file is missing.</summary>
    public static string? FindFile(string fileName)
    {
        var folder = Find();
        if (folder is null)
        {
            return null;
        }

        var file = Path.Combine(folder, fileName);
        return File.Exists(file) ? file : null;
    }

    /// <summary>
    /// The reason to skip a test that needs <paramref name="fileName"/> (or just the folder when null);
    /// null when everything it needs is present.
    /// </summary>
    public static string? SkipReason(string? fileName = null)
    {
        if (Find() is null)
        {
            return MissingReason;
        }

        return fileName is null || FindFile(fileName) is not null
            ? null
            : $"../shared/specs/{fileName} not found: protocol checks against the published specification are skipped";
    }
}
