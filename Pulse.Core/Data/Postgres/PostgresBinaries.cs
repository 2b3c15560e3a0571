namespace Pulse.Core.Data.Postgres;

/// <summary>Finds the machine's PostgreSQL server programs (initdb, pg_ctl): on PATH, else the newest /usr/lib/postgresql/N/bin.</summary>
public static class PostgresBinaries
{
    /// <summary>The folder holding initdb and pg_ctl; throws with a clear message when PostgreSQL is not installed.</summary>
    public static string Locate()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(VersionOf).Select(d => Path.Combine(d, "bin"))
                : []);
        foreach (var folder in candidates)
        {
            var pgCtl = Path.Combine(folder, "pg_ctl");
            if (File.Exists(pgCtl) && File.Exists(Path.Combine(folder, "initdb")))
                return Path.GetDirectoryName(ResolveLink(pgCtl))!;
        }
        throw new EmbeddedPostgresException(
            "PostgreSQL server programs (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql. " +
            "Install them (Debian: apt-get install postgresql) or set ConnectionStrings:Primary to an existing server.");
    }

    private static string ResolveLink(string path) =>
        new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;

    private static int VersionOf(string folder) => int.TryParse(Path.GetFileName(folder), out var v) ? v : 0;
}
