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

    /// <summary>The share-link parameters as a JSON object (see <see cref="SearchLink.ToJson"/>).</summary>
    public string Parameters { get; set; } = "{}";

    public int ResultCount { get; set; }
    public double? TopScore { get; set; }
    public double TotalMs { get; set; }
    public string? IntegrationName { get; set; }
    public bool FallbackUsed { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>The request this entry re-runs.</summary>
    public SearchRequest ToRequest() => SearchLink.FromJson(Parameters);
}
