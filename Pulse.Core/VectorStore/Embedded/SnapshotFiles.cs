using System.Globalization;
using System.Security.Cryptography;

namespace Pulse.Core.VectorStore.Embedded;

/// <summary>Snapshot files of the embedded store: <c>{root}/{collection}/{name}.snapshot</c> with a SHA-256 sidecar.</summary>
internal sealed class SnapshotFiles
{
    private const string Extension = ".snapshot";
    private readonly string _root;

    public SnapshotFiles(string root)
    {
        _root = root;
    }

    public async Task<SnapshotInfo> CreateAsync(string collection, Func<string, CancellationToken, Task> writeCopy, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, collection)).FullName;
        var stamp = DateTime.UtcNow.ToString("yyyy-MM-dd-HH-mm-ss-fffffff", CultureInfo.InvariantCulture);
        var name = $"{collection}-{stamp}{Extension}";
        var file = Path.Combine(folder, name);
        var temp = file + ".partial";
        File.Delete(temp);
        await writeCopy(temp, cancellationToken);
        var checksum = await ChecksumAsync(temp, cancellationToken);
        await File.WriteAllTextAsync(file + ".checksum", checksum, cancellationToken);
        File.Move(temp, file);
        return Describe(new FileInfo(file));
    }

    public IReadOnlyList<SnapshotInfo> List(string collection)
    {
        var folder = new DirectoryInfo(Path.Combine(_root, collection));
        return folder.Exists
            ? [.. folder.EnumerateFiles("*" + Extension).OrderBy(f => f.Name, StringComparer.Ordinal).Select(Describe)]
            : [];
    }

    /// <summary>The snapshot's path; NotFound when it does not exist.</summary>
    public string PathOf(string collection, string snapshotName)
    {
        if (snapshotName.IndexOfAny(['/', '\\']) >= 0 || !snapshotName.EndsWith(Extension, StringComparison.Ordinal))
        {
            throw new VectorStoreException(VectorStoreErrorKind.Validation, $"'{snapshotName}' is not a snapshot name (expected '<name>{Extension}').");
        }

        var file = Path.Combine(_root, collection, snapshotName);
        return File.Exists(file)
            ? file
            : throw new VectorStoreException(VectorStoreErrorKind.NotFound, $"Snapshot '{snapshotName}' of collection '{collection}' does not exist.");
    }

    public bool Delete(string collection, string snapshotName)
    {
        string file;
        try
        {
            file = PathOf(collection, snapshotName);
        }
        catch (VectorStoreException ex) when (ex.Kind == VectorStoreErrorKind.NotFound)
        {
            return false;
        }

        File.Delete(file);
        File.Delete(file + ".checksum");
        return true;
    }

    private static SnapshotInfo Describe(FileInfo file)
    {
        var sidecar = file.FullName + ".checksum";
        var checksum = File.Exists(sidecar) ? File.ReadAllText(sidecar).Trim() : null;
        return new SnapshotInfo(file.Name, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero), file.Length, checksum);
    }

    private static async Task<string> ChecksumAsync(string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
