namespace Pulse.Core.Operations.Health;

/// <summary>How a health row stands, worst last (sorting by it puts trouble at the bottom; pages sort descending).</summary>
public enum HealthStatus
{
    /// <summary>Working as it should.</summary>
    Green = 0,

    /// <summary>Idle or not applicable: nothing wrong, nothing happening (e.g. optimizations waiting, no replica configured).</summary>
    Grey = 1,

    /// <summary>Degraded or busy: needs watching (optimizing, lagging replica, falling success rate).</summary>
    Yellow = 2,

    /// <summary>Broken: needs a person.</summary>
    Red = 3,
}
