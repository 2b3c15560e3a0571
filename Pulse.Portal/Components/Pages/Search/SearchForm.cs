using System.Globalization;
using Pulse.Core.Search;

namespace Pulse.Portal.Components.SearchPlayground;

/// <summary>The playground's inputs as the page binds them (text boxes hold text), and the request they make.</summary>
public sealed class SearchForm
{
    public string Query { get; set; } = "";
    public string Collection { get; set; } = "";
    public string Integration { get; set; } = "";
    public int Limit { get; set; } = 10;
    public string Threshold { get; set; } = "";
    public bool Exact { get; set; }
    public string Ef { get; set; } = "";
    public string Filter { get; set; } = "";
    public string Days { get; set; } = "";
    public string ContentType { get; set; } = "";
    public HierarchyScope? Scope { get; set; }
    public int Offset { get; set; }

    public bool Compare { get; set; }
    public string CompareCollection { get; set; } = "";
    public string CompareIntegration { get; set; } = "";

    /// <summary>The request, or a message naming the input that is not a number.</summary>
    public (SearchRequest? Request, string? Problem) ToRequest()
    {
        float? threshold = null;
        if (!string.IsNullOrWhiteSpace(Threshold))
        {
            if (!float.TryParse(Threshold, NumberStyles.Float, CultureInfo.InvariantCulture, out var t))
                return (null, "The score threshold must be a number such as 0.2 (or empty for none).");
            threshold = t;
        }

        int? ef = null;
        if (!Exact && !string.IsNullOrWhiteSpace(Ef))
        {
            if (!int.TryParse(Ef, NumberStyles.Integer, CultureInfo.InvariantCulture, out var e))
                return (null, "ef must be a whole number such as 128 (or empty for the store's default).");
            ef = e;
        }

        int? days = null;
        if (!string.IsNullOrWhiteSpace(Days))
        {
            if (!int.TryParse(Days, NumberStyles.Integer, CultureInfo.InvariantCulture, out var d))
                return (null, "Created within must be a whole number of days such as 90 (or empty for any time).");
            days = d;
        }

        return (new SearchRequest
        {
            Query = Query.Trim(), Collection = Collection, Limit = Limit, Offset = Offset, ScoreThreshold = threshold,
            Exact = Exact, HnswEf = ef, FilterJson = string.IsNullOrWhiteSpace(Filter) ? null : Filter,
            IntegrationId = ParseId(Integration), Scope = Scope, CreatedWithinDays = days,
            ContentType = string.IsNullOrWhiteSpace(ContentType) ? null : ContentType.Trim(),
        }, null);
    }

    /// <summary>The other side of compare mode: the compare collection and/or integration ("same" ones stay null).</summary>
    public CompareTarget CompareTarget() => new(
        string.IsNullOrEmpty(CompareCollection) ? null : CompareCollection,
        string.IsNullOrEmpty(CompareIntegration) ? null : ParseId(CompareIntegration));

    /// <summary>Fills the inputs from a request (a share link, a history entry or a preset).</summary>
    public void Load(SearchRequest request, bool keepCollection = false)
    {
        Query = request.Query;
        if (!keepCollection || string.IsNullOrEmpty(Collection)) Collection = request.Collection;
        Integration = request.IntegrationId?.ToString(CultureInfo.InvariantCulture) ?? "";
        Limit = request.Limit;
        Offset = request.Offset;
        Threshold = request.ScoreThreshold?.ToString(CultureInfo.InvariantCulture) ?? "";
        Exact = request.Exact;
        Ef = request.HnswEf?.ToString(CultureInfo.InvariantCulture) ?? "";
        Filter = request.FilterJson ?? "";
        Days = request.CreatedWithinDays?.ToString(CultureInfo.InvariantCulture) ?? "";
        ContentType = request.ContentType ?? "";
        Scope = request.Scope;
    }

    private static int? ParseId(string text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null;
}
