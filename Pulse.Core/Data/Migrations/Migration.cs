using System.Security.Cryptography;
using System.Text;

namespace Pulse.Core.Data.Migrations;

/// <summary>One versioned schema change: an up script, a down script and the checksum of the up script.</summary>
public sealed record Migration(int Version, string Name, string UpSql, string DownSql)
{
    /// <summary>SHA-256 of the up script with line endings normalised, so a checkout on another OS matches.</summary>
    public string Checksum => Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes(UpSql.Replace("\r\n", "\n"))));

    /// <summary>The file stem, e.g. <c>0006_science_hierarchy</c>.</summary>
    public string Id => $"{Version:D4}_{Name}";
}
