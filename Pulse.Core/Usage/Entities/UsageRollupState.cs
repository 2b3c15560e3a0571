namespace Pulse.Core.Usage.Entities;

/// <summary>The rollup job's single state row: when it last ran and how much it recomputed.</summary>
public class UsageRollupState
{
    public int Id { get; set; }
    public DateTimeOffset? LastRunAt { get; set; }
    public int LastRunDays { get; set; }
    public long DaysRecomputed { get; set; }

    /// <summary>Bumped by every run that recomputes a day before the run's UTC day (see <see cref="UsageFactCache"/>).</summary>
    public long ClosedDaysVersion { get; set; }
}
