namespace Pulse.Core.Collections.Schema;

/// <summary>The schema files embedded from Collections/Schema/Files.</summary>
internal static class BuiltInSchemas
{
    public const string Prefix = "Pulse.CollectionSchemas.";

    public static IReadOnlyList<(string Name, string Yaml)> Load()
    {
        var assembly = typeof(BuiltInSchemas).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(r => r.StartsWith(Prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(r =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(r)!);
                return (r[Prefix.Length..], reader.ReadToEnd());
            })];
    }
}
