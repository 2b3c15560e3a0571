namespace Pulse.Core.Data.Entities;

/// <summary>Seed 001: a remembered failure and its suggested fix.</summary>
public class AiLearningMemory : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public string ErrorType { get; set; } = "";
    public string UserIntent { get; set; } = "";
    public string FailedQuery { get; set; } = "";
    public string SpecificIssue { get; set; } = "";
    public string SuggestedFix { get; set; } = "";
    public double Confidence { get; set; }
    public string? LearningContext { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}
