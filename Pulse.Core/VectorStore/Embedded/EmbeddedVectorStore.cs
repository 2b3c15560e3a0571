using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.VectorStore.Embedded;

/// <summary>
/// The in-process vector store: every collection is a SQLite file (WAL) under <c>{root}/collections</c>
/// loaded into contiguous float arrays and searched exactly with SIMD. Same semantics as Qdrant (scores,
/// ordering, filters, errors) for the no-Docker default and the tests. Thread-safe; dispose to close files.
/// </summary>
public sealed class EmbeddedVectorStore : IVectorStore, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<EmbeddedCollection>> _collections = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _catalog = new(1, 1);
    private readonly string _collectionsFolder;
    private readonly AliasFile _aliases;
    private readonly SnapshotFiles _snapshots;

    /// <summary>Opens (or starts) a store in <paramref name="rootPath"/>; collections load on first use.</summary>
    public EmbeddedVectorStore(string rootPath)
    {
        RootPath = Path.GetFullPath(rootPath);
        _collectionsFolder = Directory.CreateDirectory(Path.Combine(RootPath, "collections")).FullName;
        _aliases = new AliasFile(Path.Combine(RootPath, "aliases.json"));
        _snapshots = new SnapshotFiles(Path.Combine(RootPath, "snapshots"));
        foreach (var file in Directory.EnumerateFiles(_collectionsFolder, "*.db"))
        {
            Register(Path.GetFileNameWithoutExtension(file));
        }
    }

    public string RootPath { get; }

    public Task<VectorStoreHealth> GetHealthAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Directory.Exists(_collectionsFolder)
            ? new VectorStoreHealth(true, "embedded", $"Embedded store at {RootPath}, {_collections.Count} collection(s).")
            : new VectorStoreHealth(false, "embedded", $"Embedded store folder {RootPath} is missing."));

    public Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([.. _collections.Keys.Order(StringComparer.Ordinal)]);

    public Task<bool> CollectionExistsAsync(string collectionName, CancellationToken cancellationToken = default) =>
        Task.FromResult(_collections.ContainsKey(collectionName));

    public async Task CreateCollectionAsync(string collectionName, CollectionDefinition definition, CancellationToken cancellationToken = default)
    {
        CollectionNames.Validate(collectionName);
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.VectorSize is < 1 or > 65536)
        {
            throw new VectorStoreException(VectorStoreErrorKind.Validation, $"Vector size {definition.VectorSize} is invalid: use 1 to 65536.");
        }

        await WithCatalogAsync(() =>
        {
            if (_collections.ContainsKey(collectionName) || _aliases.Target(collectionName) is not null)
            {
                throw new VectorStoreException(VectorStoreErrorKind.Conflict, $"Collection '{collectionName}' already exists.");
            }

            var created = EmbeddedCollection.Create(collectionName, FileOf(collectionName), definition);
            _collections[collectionName] = new Lazy<EmbeddedCollection>(created);
        }, cancellationToken);
    }

    public async Task<bool> DeleteCollectionAsync(string collectionName, CancellationToken cancellationToken = default)
    {
        var deleted = false;
        await WithCatalogAsync(() =>
        {
            deleted = Close(collectionName);
            if (deleted)
            {
                DeleteFiles(collectionName);
                _aliases.RemoveFor(collectionName);
            }
        }, cancellationToken);
        return deleted;
    }

    public Task<CollectionInfo> GetCollectionInfoAsync(string collectionName, CancellationToken cancellationToken = default) =>
        Run(() => Resolve(collectionName).Info());

    public Task CreatePayloadIndexAsync(string collectionName, string fieldName, PayloadFieldType fieldType, CancellationToken cancellationToken = default) =>
        RunAsync(() => Resolve(collectionName).CreateIndexAsync(RequireField(fieldName), fieldType, cancellationToken));

    public Task DeletePayloadIndexAsync(string collectionName, string fieldName, CancellationToken cancellationToken = default) =>
        RunAsync(() => Resolve(collectionName).DeleteIndexAsync(fieldName, cancellationToken));

    public Task<IReadOnlyList<CollectionAlias>> ListAliasesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_aliases.All());

    public Task UpdateAliasesAsync(IReadOnlyList<AliasChange> changes, CancellationToken cancellationToken = default) =>
        WithCatalogAsync(() => _aliases.Apply(changes, _collections.ContainsKey), cancellationToken);

    public Task UpsertAsync(string collectionName, IReadOnlyList<VectorPoint> points, bool wait = true, CancellationToken cancellationToken = default) =>
        RunAsync(() => Resolve(collectionName).UpsertAsync(points, cancellationToken));

    public Task<IReadOnlyList<ScoredPoint>> QueryAsync(string collectionName, VectorQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        RequirePositive(query.Limit, "limit");
        if (query.Offset < 0)
        {
            throw new VectorStoreException(VectorStoreErrorKind.Validation, $"Offset {query.Offset} is invalid: use 0 or more.");
        }

        return Run<IReadOnlyList<ScoredPoint>>(() => Resolve(collectionName).Query(query));
    }

    public Task<ScrollPage> ScrollAsync(string collectionName, ScrollRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequirePositive(request.Limit, "limit");
        return Run(() => Resolve(collectionName).Scroll(request));
    }

    public Task<long> CountAsync(string collectionName, Filter? filter = null, CancellationToken cancellationToken = default) =>
        Run(() => Resolve(collectionName).Count(filter));

    /// <summary>Always exact (<paramref name="exact"/> is accepted for Qdrant's sake); needs no payload index, though one on the key is used.</summary>
    public Task<IReadOnlyList<FacetHit>> FacetAsync(string collectionName, string key, Filter? filter = null, int limit = 10, bool exact = false, CancellationToken cancellationToken = default)
    {
        RequirePositive(limit, "limit");
        return Run<IReadOnlyList<FacetHit>>(() => Resolve(collectionName).Facet(RequireField(key), filter, limit, cancellationToken));
    }

    public Task<IReadOnlyList<PointRecord>> GetPointsAsync(string collectionName, IReadOnlyList<PointId> ids, bool withPayload = true, bool withVector = false, CancellationToken cancellationToken = default) =>
        Run<IReadOnlyList<PointRecord>>(() => Resolve(collectionName).Get(ids, withPayload, withVector));

    public Task DeletePointsAsync(string collectionName, PointSelector selector, bool wait = true, CancellationToken cancellationToken = default) =>
        RunAsync(() => Resolve(collectionName).DeleteAsync(selector, cancellationToken));

    public Task SetPayloadAsync(string collectionName, JsonObject payload, PointSelector selector, bool wait = true, CancellationToken cancellationToken = default) =>
        RunAsync(() => Resolve(collectionName).UpdatePayloadAsync(selector, old => PayloadCodec.Merge(old, payload), cancellationToken));

    public Task OverwritePayloadAsync(string collectionName, JsonObject payload, PointSelector selector, bool wait = true, CancellationToken cancellationToken = default) =>
        RunAsync(() => Resolve(collectionName).UpdatePayloadAsync(selector, _ => PayloadCodec.Merge(default, payload), cancellationToken));

    public Task DeletePayloadKeysAsync(string collectionName, IReadOnlyList<string> keys, PointSelector selector, bool wait = true, CancellationToken cancellationToken = default) =>
        RunAsync(() => Resolve(collectionName).UpdatePayloadAsync(selector, old => PayloadCodec.RemoveKeys(old, keys), cancellationToken));

    public Task<SnapshotInfo> CreateSnapshotAsync(string collectionName, CancellationToken cancellationToken = default) =>
        RunAsync(() =>
        {
            var collection = Resolve(collectionName);
            return _snapshots.CreateAsync(collection.Name, collection.SnapshotToAsync, cancellationToken);
        });

    public Task<IReadOnlyList<SnapshotInfo>> ListSnapshotsAsync(string collectionName, CancellationToken cancellationToken = default) =>
        Run(() => _snapshots.List(Resolve(collectionName).Name));

    public Task RestoreSnapshotAsync(string collectionName, string snapshotName, CancellationToken cancellationToken = default)
    {
        CollectionNames.Validate(collectionName);
        var source = _snapshots.PathOf(collectionName, snapshotName);
        return WithCatalogAsync(() =>
        {
            Close(collectionName);
            DeleteFiles(collectionName);
            File.Copy(source, FileOf(collectionName));
            Register(collectionName);
            _ = Resolve(collectionName);
        }, cancellationToken);
    }

    public Task<bool> DeleteSnapshotAsync(string collectionName, string snapshotName, CancellationToken cancellationToken = default) =>
        Run(() => _snapshots.Delete(Resolve(collectionName).Name, snapshotName));

    public Task<Stream> OpenSnapshotAsync(string collectionName, string snapshotName, CancellationToken cancellationToken = default) =>
        Run<Stream>(() => new FileStream(_snapshots.PathOf(Resolve(collectionName).Name, snapshotName), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));

    public void Dispose()
    {
        foreach (var name in _collections.Keys.ToList())
        {
            Close(name);
        }
    }

    private EmbeddedCollection Resolve(string collectionName)
    {
        var name = _aliases.Target(collectionName) ?? collectionName;
        return _collections.TryGetValue(name, out var lazy) ? lazy.Value : throw VectorStoreException.CollectionNotFound(collectionName);
    }

    private void Register(string name) =>
        _collections[name] = new Lazy<EmbeddedCollection>(() => EmbeddedCollection.Open(name, FileOf(name)), LazyThreadSafetyMode.ExecutionAndPublication);

    private bool Close(string name)
    {
        if (!_collections.TryRemove(name, out var lazy))
        {
            return false;
        }

        if (lazy.IsValueCreated)
        {
            lazy.Value.Dispose();
        }

        return true;
    }

    private void DeleteFiles(string name)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(FileOf(name) + suffix);
        }
    }

    private string FileOf(string name) => Path.Combine(_collectionsFolder, name + ".db");

    private async Task WithCatalogAsync(Action action, CancellationToken cancellationToken)
    {
        await _catalog.WaitAsync(cancellationToken);
        try
        {
            await Run(() => { action(); return true; });
        }
        finally
        {
            _catalog.Release();
        }
    }

    private static Task<T> Run<T>(Func<T> work)
    {
        try
        {
            return Task.FromResult(work());
        }
        catch (Exception ex) when (Translate(ex) is { } translated)
        {
            return Task.FromException<T>(translated);
        }
    }

    private static async Task RunAsync(Func<Task> work) => await RunAsync(async () => { await work(); return true; });

    private static async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (Exception ex) when (Translate(ex) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>Storage failures become <see cref="VectorStoreException"/>; ours and cancellations pass through.</summary>
    private static VectorStoreException? Translate(Exception ex) => ex switch
    {
        VectorStoreException or OperationCanceledException or ArgumentException => null,
        SqliteException or IOException or UnauthorizedAccessException =>
            new VectorStoreException(VectorStoreErrorKind.Internal, $"Embedded vector store storage failed: {ex.Message}", ex),
        _ => null,
    };

    private static string RequireField(string fieldName) => string.IsNullOrWhiteSpace(fieldName)
        ? throw new VectorStoreException(VectorStoreErrorKind.Validation, "A payload field name is required.")
        : fieldName;

    private static void RequirePositive(int value, string name)
    {
        if (value < 1)
        {
            throw new VectorStoreException(VectorStoreErrorKind.Validation, $"{name} {value} is invalid: use 1 or more.");
        }
    }
}
