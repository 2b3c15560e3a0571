using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Pulse.Core.VectorStore;

/// <summary>
/// A point's id: an unsigned 64-bit integer or a UUID, as in Qdrant. Ordered the way Qdrant orders
/// them for scrolling: every integer id before every UUID, integers numerically, UUIDs by their bytes.
/// </summary>
public readonly struct PointId : IEquatable<PointId>, IComparable<PointId>
{
    private readonly ulong _number;
    private readonly Guid _uuid;

    private PointId(ulong number, Guid uuid, bool isUuid)
    {
        _number = number;
        _uuid = uuid;
        IsUuid = isUuid;
    }

    public bool IsUuid { get; }

    /// <summary>The integer id; throws for a UUID id.</summary>
    public ulong Number => IsUuid ? throw new InvalidOperationException("This point id is a UUID.") : _number;

    /// <summary>The UUID id; throws for an integer id.</summary>
    public Guid Uuid => IsUuid ? _uuid : throw new InvalidOperationException("This point id is an integer.");

    public static PointId FromNumber(ulong number) => new(number, Guid.Empty, false);

    public static PointId FromUuid(Guid uuid) => new(0, uuid, true);

    public static implicit operator PointId(ulong number) => FromNumber(number);

    public static implicit operator PointId(Guid uuid) => FromUuid(uuid);

    /// <summary>Reads "42" as an integer id and a UUID in any standard format as a UUID id.</summary>
    public static bool TryParse(string? text, out PointId id)
    {
        if (ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            id = FromNumber(n);
            return true;
        }

        if (Guid.TryParse(text, out var g))
        {
            id = FromUuid(g);
            return true;
        }

        id = default;
        return false;
    }

    public static PointId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is neither an unsigned integer nor a UUID.");

    /// <summary>A compact, unambiguous binary key (8 bytes for integers, 16 for UUIDs) for storage.</summary>
    internal byte[] ToKey()
    {
        if (IsUuid)
        {
            return _uuid.ToByteArray(bigEndian: true);
        }

        var key = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(key, _number);
        return key;
    }

    internal static PointId FromKey(ReadOnlySpan<byte> key) => key.Length == 16
        ? FromUuid(new Guid(key, bigEndian: true))
        : FromNumber(BinaryPrimitives.ReadUInt64BigEndian(key));

    public bool Equals(PointId other) => IsUuid == other.IsUuid && _number == other._number && _uuid == other._uuid;

    public override bool Equals([NotNullWhen(true)] object? obj) => obj is PointId other && Equals(other);

    public override int GetHashCode() => IsUuid ? _uuid.GetHashCode() : _number.GetHashCode();

    public int CompareTo(PointId other)
    {
        if (IsUuid != other.IsUuid)
        {
            return IsUuid ? 1 : -1;
        }

        return IsUuid ? _uuid.CompareTo(other._uuid) : _number.CompareTo(other._number);
    }

    public static bool operator ==(PointId left, PointId right) => left.Equals(right);

    public static bool operator !=(PointId left, PointId right) => !left.Equals(right);

    public static bool operator <(PointId left, PointId right) => left.CompareTo(right) < 0;

    public static bool operator >(PointId left, PointId right) => left.CompareTo(right) > 0;

    public static bool operator <=(PointId left, PointId right) => left.CompareTo(right) <= 0;

    public static bool operator >=(PointId left, PointId right) => left.CompareTo(right) >= 0;

    public override string ToString() => IsUuid ? _uuid.ToString("D") : _number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
