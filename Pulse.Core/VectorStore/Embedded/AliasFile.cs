using System.Text.Json;

namespace Pulse.Core.VectorStore.Embedded;

/// <summary>The store's aliases, saved as one JSON file replaced atomically so a swap is all or nothing.</summary>
internal sealed class AliasFile
{
    private readonly string _path;
    private Dictionary<string, string> _aliases;

    public AliasFile(string path)
    {
        _path = path;
        _aliases = File.Exists(path)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllBytes(path)) ?? []
            : [];
    }

    public string? Target(string alias) => _aliases.GetValueOrDefault(alias);

    public IReadOnlyList<CollectionAlias> All() =>
        [.. _aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new CollectionAlias(a.Key, a.Value))];

    /// <summary>Applies the changes to a copy, saves it, then switches to it; throws before saving when a change is invalid.</summary>
    public void Apply(IReadOnlyList<AliasChange> changes, Func<string, bool> collectionExists)
    {
        var next = new Dictionary<string, string>(_aliases, StringComparer.Ordinal);
        foreach (var change in changes)
        {
            CollectionNames.Validate(change.AliasName);
            if (change.IsDelete)
            {
                next.Remove(change.AliasName);
                continue;
            }

            if (!collectionExists(change.CollectionName!))
            {
                throw VectorStoreException.CollectionNotFound(change.CollectionName!);
            }

            if (collectionExists(change.AliasName) || next.ContainsKey(change.AliasName))
            {
                throw new VectorStoreException(VectorStoreErrorKind.Conflict, $"Alias or collection '{change.AliasName}' already exists.");
            }

            next[change.AliasName] = change.CollectionName!;
        }

        Save(next);
    }

    /// <summary>Qdrant drops a collection's aliases with it.</summary>
    public void RemoveFor(string collection)
    {
        var next = _aliases.Where(a => a.Value != collection).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        if (next.Count != _aliases.Count)
        {
            Save(next);
        }
    }

    private void Save(Dictionary<string, string> aliases)
    {
        var temp = _path + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(aliases));
        File.Move(temp, _path, overwrite: true);
        _aliases = aliases;
    }
}
