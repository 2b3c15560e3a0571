namespace Pulse.Core.Data;

/// <summary>
/// Where the data lives. Bound from <c>ConnectionStrings:Primary</c>, <c>ConnectionStrings:Replica</c> and the
/// <c>Pulse</c> section. With no primary connection string, a local PostgreSQL cluster is started in the data folder.
/// </summary>
public sealed class DatabaseOptions
{
    /// <summary>Connection string of the primary (all writes). Empty: start the embedded local cluster.</summary>
    public string? Primary { get; set; }

    /// <summary>Connection string of a streaming replica for reads; empty: reads use the primary.</summary>
    public string? Replica { get; set; }

    /// <summary>
    /// How often the replica is probed (<c>SELECT 1</c>) once start-up is done. A replica marked down is used for reads
    /// again only after a probe reaches it, so this is also how long reads stay on the primary after it comes back.
    /// </summary>
    public TimeSpan ReplicaProbeInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The folder the portal owns: the embedded cluster, the embedded vector store, keys, logs.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>Database name on the embedded cluster.</summary>
    public string EmbeddedDatabase { get; set; } = "pulse";

    /// <summary>Apply pending migrations at start-up (default on).</summary>
    public bool ApplyMigrationsAtStartup { get; set; } = true;

    /// <summary>Seed the demo tenants, users and content (default: on for the embedded cluster, off otherwise).</summary>
    public bool? SeedDemo { get; set; }

    /// <summary>The demo accounts' password (development only).</summary>
    public string DemoPassword { get; set; } = "Pulse-dev-2026!";

    /// <summary>Leave the embedded cluster running when the portal stops (tests share one server).</summary>
    public bool KeepEmbeddedServerRunning { get; set; }

    /// <summary>True when no primary is configured and the embedded cluster is used.</summary>
    public bool UsesEmbeddedServer => string.IsNullOrWhiteSpace(Primary);

    /// <summary>Seeding as configured, defaulting to on exactly when the embedded cluster is used.</summary>
    public bool ShouldSeedDemo => SeedDemo ?? UsesEmbeddedServer;

    /// <summary>
    /// The embedded cluster's folder. As root, PostgreSQL runs as the postgres user, which cannot enter /root,
    /// so the cluster then lives under /var/lib/pulse-portal in a folder named after the data folder.
    /// </summary>
    public string EmbeddedClusterFolder()
    {
        var data = Path.GetFullPath(DataFolder);
        if (Environment.UserName != "root") return Path.Combine(data, "postgres");
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(data)))[..12];
        return Path.Combine("/var/lib/pulse-portal", $"{Path.GetFileName(data.TrimEnd('/'))}-{hash}", "postgres");
    }
}
