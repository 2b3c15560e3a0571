namespace Pulse.Core.Data.Configurations;

/// <summary>Seed 003's hierarchy tables, each mapped as a shared-type entity of <see cref="Entities.HierarchyNode"/>.</summary>
public static class HierarchyTables
{
    public const string Religion = "religion_hierarchy";
    public const string Science = "science_hierarchy";

    /// <summary>Every hierarchy table, in the order of the CHECK constraint on content_metadata.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Religion, "subject1_hierarchy", "subject2_hierarchy", "subject3_hierarchy", "subject4_hierarchy",
        "subject5_hierarchy", "subject6_hierarchy", "subject7_hierarchy", "subject8_hierarchy", Science,
    ];
}
