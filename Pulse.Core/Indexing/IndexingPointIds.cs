using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pulse.Core.Indexing;

/// <summary>
/// Deterministic point ids: a name-based UUID (version 5, RFC 9562) of tenant, table, record, vector type and chunk,
/// so a re-run overwrites the same points instead of adding new ones.
/// </summary>
public static class IndexingPointIds
{
    /// <summary>The namespace of Pulse's indexing point ids (fixed forever: changing it orphans every point).</summary>
    public static readonly Guid Namespace = new("6f1d3c2a-8b7e-4f5a-9c0d-2e4b6a8c0f13");

    /// <summary>The point id of one chunk of one record.</summary>
    public static Guid For(int tenantId, string table, int recordId, string vectorType, int chunkIndex) =>
        UuidV5(Namespace, string.Create(CultureInfo.InvariantCulture, $"{tenantId}/{table}/{recordId}/{vectorType}/{chunkIndex}"));

    /// <summary>RFC 9562 version 5 UUID of <paramref name="name"/> (UTF-8) in <paramref name="ns"/>.</summary>
    public static Guid UuidV5(Guid ns, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        ns.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
