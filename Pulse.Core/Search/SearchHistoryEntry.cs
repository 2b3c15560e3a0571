using Pulse.Core.Data.Entities;

namespace Pulse.Core.Search;

/// <summary>A query a user ran in the playground (<c>search_history</c>); <see cref="Parameters"/> re-runs it.</summary>
public class SearchHistoryEntry : ITenantOwned
{
    public long Id { get; set; }
    public int TenantId { get; set; }
    public int UserId { get; set; }
    public string QueryText { get; set; } = "";
    public string CollectionName { get; set; } = "";

    /// <summary>The share-link parameters as a JSON object (see <see cref="SearchLink.ToJson(SearchRequest, CompareTarget?)"/>).</summary>
    public string Parameters { get; set; } = "{}";

    public int ResultCount { get; set; }
    public double? TopScore { get; set; }
    public double TotalMs { get; set; }
    public string? IntegrationName { get; set; }
    public bool FallbackUsed { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>A comparison's second side: its collection (null for a plain search).</summary>
    public string? CompareCollectionName { get; set; }

    /// <summary>The integration that served the second side.</summary>
    public string? CompareIntegrationName { get; set; }

    /// <summary>The second side's hit count.</summary>
    public int? CompareResultCount { get; set; }

    /// <summary>The second side's total latency.</summary>
    public double? CompareTotalMs { get; set; }

    /// <summary>Sources both sides found.</summary>
    public int? SharedCount { get; set; }

    /// <summary>True when the entry is a comparison (the first side in the plain columns, the second in the Compare ones).</summary>
    public bool IsComparison => CompareResultCount is not null;

    /// <summary>The request this entry re-runs (a comparison's first side).</summary>
    public SearchRequest ToRequest() => SearchLink.FromJson(Parameters);

    /// <summary>What re-running the entry restores, compare mode included.</summary>
    public SharedSearch ToShared() => SearchLink.ReadJson(Parameters);
}
