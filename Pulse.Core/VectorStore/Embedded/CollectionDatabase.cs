using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;

namespace Pulse.Core.VectorStore.Embedded;

/// <summary>
/// One collection's durable state: a SQLite file in WAL mode with the definition, the payload index
/// declarations and one row per point. With synchronous=NORMAL a committed transaction survives a killed
/// process (not a power cut), which is the promise an acknowledged upsert makes.
/// </summary>
internal sealed class CollectionDatabase : IDisposable
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _upsert;
    private readonly SqliteCommand _delete;
    private readonly SqliteCommand _setPayload;
    private byte[] _vectorBuffer = [];

    private CollectionDatabase(string path)
    {
        Path = path;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        // 16 KiB pages hold about ten 384-dimension rows where 4 KiB pages hold two: a fifth of the WAL frames (two
        // writes each) per commit and per checkpoint, which measured about 1.6x the insert rate of the default.
        // SQLite applies page_size only to a database not yet written, so files created earlier keep theirs.
        // Fewer, larger checkpoints: each one is an fsync, and bulk ingest would otherwise pay one every few MB.
        Execute("PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=4096;");
        Execute("""
            CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS points (key BLOB PRIMARY KEY, vector BLOB NOT NULL, payload BLOB);
            """);
        _upsert = Prepare("INSERT INTO points (key, vector, payload) VALUES ($key, $vector, $payload) " +
                          "ON CONFLICT(key) DO UPDATE SET vector = excluded.vector, payload = excluded.payload",
                          "$key", "$vector", "$payload");
        _delete = Prepare("DELETE FROM points WHERE key = $key", "$key");
        _setPayload = Prepare("UPDATE points SET payload = $payload WHERE key = $key", "$key", "$payload");
    }

    public string Path { get; }

    public static CollectionDatabase Create(string path, CollectionDefinition definition)
    {
        var db = new CollectionDatabase(path);
        db.SetMeta("definition", JsonSerializer.Serialize(definition, Json));
        db.SetMeta("indexes", "{}");
        return db;
    }

    public static CollectionDatabase Open(string path) => new(path);

    public CollectionDefinition ReadDefinition() =>
        JsonSerializer.Deserialize<CollectionDefinition>(GetMeta("definition")
            ?? throw new VectorStoreException(VectorStoreErrorKind.Internal, $"Collection file '{Path}' has no definition."), Json)!;

    public Dictionary<string, PayloadFieldType> ReadIndexes() =>
        JsonSerializer.Deserialize<Dictionary<string, PayloadFieldType>>(GetMeta("indexes") ?? "{}", Json)!;

    public void WriteIndexes(IReadOnlyDictionary<string, PayloadIndex> indexes) =>
        SetMeta("indexes", JsonSerializer.Serialize(indexes.Values.ToDictionary(i => i.Field, i => i.Type), Json));

    /// <summary>Streams every stored point (id, vector bytes, payload JSON bytes or null).</summary>
    public void ReadAll(Action<PointId, ReadOnlySpan<float>, byte[]?> visit)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT key, vector, payload FROM points";
        using var reader = command.ExecuteReader();
        var buffer = Array.Empty<byte>();
        while (reader.Read())
        {
            // One reused buffer for the vectors: loading a large collection then leaves little garbage behind.
            var length = (int)reader.GetBytes(1, 0, null, 0, 0);
            if (buffer.Length < length)
            {
                buffer = new byte[length];
            }

            reader.GetBytes(1, 0, buffer, 0, length);
            var payload = reader.IsDBNull(2) ? null : (byte[])reader[2];
            visit(PointId.FromKey((byte[])reader[0]), MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, length)), payload);
        }
    }

    /// <summary>Runs <paramref name="work"/> in one transaction: all of it is durable on return, or none of it.</summary>
    public void InTransaction(Action<CollectionDatabase> work)
    {
        using var transaction = _connection.BeginTransaction();
        _upsert.Transaction = transaction;
        _delete.Transaction = transaction;
        _setPayload.Transaction = transaction;
        work(this);
        transaction.Commit();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Upsert(PointId id, ReadOnlySpan<float> vector, byte[]? payload)
    {
        // SQLite copies a bound blob (SQLITE_TRANSIENT), so one buffer serves every row: vectors in a collection
        // share one size, and a copy per point would be garbage the size of the whole batch.
        var bytes = MemoryMarshal.AsBytes(vector);
        if (_vectorBuffer.Length != bytes.Length)
        {
            _vectorBuffer = new byte[bytes.Length];
        }

        bytes.CopyTo(_vectorBuffer);
        _upsert.Parameters[0].Value = id.ToKey();
        _upsert.Parameters[1].Value = _vectorBuffer;
        _upsert.Parameters[2].Value = (object?)payload ?? DBNull.Value;
        _upsert.ExecuteNonQuery();
    }

    public void Delete(PointId id)
    {
        _delete.Parameters[0].Value = id.ToKey();
        _delete.ExecuteNonQuery();
    }

    public void SetPayload(PointId id, byte[]? payload)
    {
        _setPayload.Parameters[0].Value = id.ToKey();
        _setPayload.Parameters[1].Value = (object?)payload ?? DBNull.Value;
        _setPayload.ExecuteNonQuery();
    }

    /// <summary>Writes a consistent, compacted copy of the database to <paramref name="file"/>.</summary>
    public void CopyTo(string file)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "VACUUM INTO $file";
        command.Parameters.AddWithValue("$file", file);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _upsert.Dispose();
        _delete.Dispose();
        _setPayload.Dispose();
        _connection.Dispose();
    }

    private void SetMeta(string name, string value)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT INTO meta (name, value) VALUES ($n, $v) ON CONFLICT(name) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$n", name);
        command.Parameters.AddWithValue("$v", value);
        command.ExecuteNonQuery();
    }

    private string? GetMeta(string name)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE name = $n";
        command.Parameters.AddWithValue("$n", name);
        return command.ExecuteScalar() as string;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }
}
