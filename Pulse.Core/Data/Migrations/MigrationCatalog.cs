using System.Reflection;
using System.Text.RegularExpressions;

namespace Pulse.Core.Data.Migrations;

/// <summary>The migrations embedded in Pulse.Core (Data/Migrations/Sql/NNNN_name.up.sql and .down.sql).</summary>
public static partial class MigrationCatalog
{
    private const string Prefix = "Pulse.Migrations.";

    /// <summary>All embedded migrations in version order.</summary>
    public static IReadOnlyList<Migration> Embedded { get; } = Load(typeof(MigrationCatalog).Assembly);

    internal static IReadOnlyList<Migration> Load(Assembly assembly)
    {
        var scripts = new Dictionary<(int, string), (string? Up, string? Down)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var match = FileName().Match(resource[Prefix.Length..]);
            if (!match.Success)
                throw new InvalidOperationException($"Migration file '{resource[Prefix.Length..]}' does not follow NNNN_name.up.sql / NNNN_name.down.sql.");
            var key = (int.Parse(match.Groups[1].Value), match.Groups[2].Value);
            var text = Read(assembly, resource);
            scripts.TryGetValue(key, out var pair);
            scripts[key] = match.Groups[3].Value == "up" ? (text, pair.Down) : (pair.Up, text);
        }

        var migrations = new List<Migration>();
        foreach (var ((version, name), (up, down)) in scripts.OrderBy(s => s.Key.Item1))
        {
            if (up is null || down is null)
                throw new InvalidOperationException($"Migration {version:D4}_{name} needs both an up and a down script.");
            if (migrations.Any(m => m.Version == version))
                throw new InvalidOperationException($"Two migrations share version {version:D4}.");
            migrations.Add(new Migration(version, name, up, down));
        }
        return migrations;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.(up|down)\.sql$")]
    private static partial Regex FileName();
}
