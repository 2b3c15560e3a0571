namespace Pulse.Core.Data.Migrations;

/// <summary>One line of <c>migrate status</c>: a migration and whether and when it was applied.</summary>
public sealed record MigrationState(int Version, string Name, bool Applied, DateTimeOffset? AppliedAt, bool ChecksumMatches)
{
    /// <summary>A one-line description for the command line and the log.</summary>
    public override string ToString() =>
        $"{Version:D4}_{Name,-28} {(Applied ? $"applied {AppliedAt:yyyy-MM-dd HH:mm:ss}" : "pending")}{(Applied && !ChecksumMatches ? "  CHECKSUM MISMATCH" : "")}";
}
