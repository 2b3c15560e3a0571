namespace Pulse.Core.Data;

/// <summary>Where the database stands, as /readyz and the pages report it.</summary>
public enum DatabaseStatus
{
    /// <summary>Start-up has not finished (server starting, migrations running).</summary>
    Starting,
    /// <summary>Reachable and migrated.</summary>
    Ready,
    /// <summary>Not reachable now; start-up keeps retrying.</summary>
    Unavailable,
    /// <summary>Needs a person (an edited migration, for example); the portal stops.</summary>
    Failed,
}
