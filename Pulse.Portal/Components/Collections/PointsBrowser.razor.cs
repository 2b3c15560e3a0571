using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Pulse.Core.Collections;
using Pulse.Core.Collections.Filtering;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Filters;
using Pulse.Portal.Infrastructure;
using Radzen;
using Radzen.Blazor;

namespace Pulse.Portal.Components.Collections;

/// <summary>
/// The points of one collection, a page at a time by cursor (never the whole collection): filter by builder or raw
/// JSON, choose payload columns, open a point's JSON, find similar points, delete selected or matching points, and
/// export all or the filtered points as a streamed download whose progress is shown here.
/// </summary>
public sealed partial class PointsBrowser : IDisposable
{
    private static readonly TimeSpan ExportPoll = TimeSpan.FromMilliseconds(250);

    [Inject] private CollectionBrowser Browser { get; set; } = default!;
    [Inject] private CollectionAdministration Administration { get; set; } = default!;
    [Inject] private DialogService Dialogs { get; set; } = default!;
    [Inject] private ExportProgressTracker Exports { get; set; } = default!;
    [Inject] private ITenantContext Tenant { get; set; } = default!;

    [Parameter, EditorRequired] public string CollectionName { get; set; } = "";
    [Parameter] public IReadOnlyList<PayloadField> Fields { get; set; } = [];
    [Parameter] public bool CanManage { get; set; }

    /// <summary>Raised after points were deleted (the page refreshes its counts).</summary>
    [Parameter] public EventCallback PointsDeleted { get; set; }

    private RadzenDataGrid<PointRecord>? grid;
    private PointsPage? pointsPage;
    private readonly Stack<PointId?> cursors = new();
    private PointId? current;
    private int pageSize = 25;
    private IEnumerable<string> columns = [];
    private readonly HashSet<PointId> selected = [];
    private FilterGroup group = new();
    private bool rawJson;
    private string json = "";
    private string builderJson = "{}";
    private Filter? filter;
    private List<string> filterErrors = [];
    private List<string> filterWarnings = [];
    private bool loading;
    private string? message;
    private bool isError;
    private PointId? similarTo;
    private IReadOnlyList<ScoredPoint> similar = [];
    private readonly CancellationTokenSource disposed = new();
    private string exportToken = NewExportToken();
    private ExportProgress? exporting;
    private bool exportWaiting;

    private string RangeText
    {
        get
        {
            if (pointsPage is null || pointsPage.Points.Count == 0) return filter is null ? "No points." : "No points match.";
            var first = cursors.Count * pageSize + 1;
            return $"Showing points {first:N0}–{first + pointsPage.Points.Count - 1:N0} of {pointsPage.MatchingCount:N0}{(filter is null ? "" : " matching")}.";
        }
    }

    protected override async Task OnInitializedAsync()
    {
        // Titles first, then indexed fields (what people filter on), then the rest; long texts only if room is left.
        columns = Fields.Where(f => f.SampledPoints > 0 && !f.ObservedTypes.Contains("object"))
            .OrderBy(f => f.Path is "title" or "name" ? 0 : f.IndexType is not null ? 1 : f.Path is "text" or "summary" ? 3 : 2)
            .Select(f => f.Path).Take(4).ToList();
        await LoadAsync(null);
    }

    /// <summary>The streamed export of the collection, or of the points matching the applied filter.</summary>
    private string ExportUrl(string format) =>
        $"collections/{Uri.EscapeDataString(CollectionName)}/export?format={format}{(filter is null ? "" : "&filter=" + Uri.EscapeDataString(FilterJson.ToJsonString(filter)))}&progress={exportToken}";

    private static string NewExportToken() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// Runs when an export link is clicked (the browser starts the download itself): follows that export's progress
    /// until it ends, and gives the links a fresh token for the next export.
    /// </summary>
    private void WatchExport()
    {
        var token = exportToken;
        exportToken = NewExportToken();
        (exporting, exportWaiting) = (null, true);
        _ = FollowExportAsync(token);
    }

    private async Task FollowExportAsync(string token)
    {
        var user = Tenant.UserId;
        if (user is null) return;
        using var timer = new PeriodicTimer(ExportPoll);
        var waited = TimeSpan.Zero;
        try
        {
            while (await timer.WaitForNextTickAsync(disposed.Token))
            {
                waited += ExportPoll;
                var found = Exports.Find(user, token);
                if (found is null && waited > TimeSpan.FromSeconds(30))
                {
                    (exportWaiting, message, isError) = (false, "The export did not start; check the download in your browser.", true);
                    await InvokeAsync(StateHasChanged);
                    return;
                }

                if (found is null) continue;
                (exporting, exportWaiting) = (found, false);
                await InvokeAsync(StateHasChanged);
                if (found.Ended) return;
            }
        }
        catch (OperationCanceledException)
        {
            // The page was left; the download goes on in the browser.
        }
    }

    public void Dispose()
    {
        disposed.Cancel();
        disposed.Dispose();
    }

    private Task<FacetCounts> LoadValuesAsync(string field) => Browser.FacetAsync(CollectionName, field);

    private void BuilderChanged()
    {
        var result = FilterBuilder.Build(group, Known);
        builderJson = result.IsValid ? result.Json : "(incomplete)";
    }

    private IReadOnlyCollection<string> Known => [.. Fields.Select(f => f.Path)];

    private async Task ApplyFilterAsync()
    {
        var result = rawJson ? FilterBuilder.Parse(json, Known) : FilterBuilder.Build(group, Known);
        filterErrors = [.. result.Errors];
        filterWarnings = [.. result.Warnings];
        if (!result.IsValid) return;
        filter = result.Filter;
        if (rawJson && filter is not null && FilterBuilder.FromFilter(filter) is { } editable)
        {
            group = editable;
            BuilderChanged();
        }
        else if (!rawJson)
        {
            json = result.Filter is null ? "" : FilterJson.ToJson(result.Filter).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        }

        await FirstPageAsync();
    }

    private async Task ClearFilterAsync()
    {
        (group, json, filter, builderJson) = (new FilterGroup(), "", null, "{}");
        (filterErrors, filterWarnings) = ([], []);
        await FirstPageAsync();
    }

    private Task FirstPageAsync()
    {
        cursors.Clear();
        return LoadAsync(null);
    }

    private Task NextPageAsync()
    {
        cursors.Push(current);
        return LoadAsync(pointsPage!.NextOffset);
    }

    private Task PreviousPageAsync() => LoadAsync(cursors.Pop());

    private async Task LoadAsync(PointId? offset)
    {
        loading = true;
        try
        {
            pointsPage = await Browser.BrowseAsync(CollectionName, filter, offset, pageSize);
            current = offset;
            selected.IntersectWith(pointsPage.Points.Select(p => p.Id));
        }
        catch (Exception ex) when (CollectionErrors.IsExpected(ex))
        {
            (message, isError) = (CollectionErrors.Describe(ex), true);
            pointsPage ??= new PointsPage([], null, 0);
        }
        finally
        {
            loading = false;
        }
    }

    private void Toggle(PointId id, bool on)
    {
        if (on) selected.Add(id);
        else selected.Remove(id);
    }

    private async Task ShowJsonAsync(PointId id)
    {
        var point = await Browser.GetPointAsync(CollectionName, id);
        if (point is null)
        {
            (message, isError) = ($"Point {id} no longer exists.", true);
            return;
        }

        await Dialogs.OpenAsync<PointJsonDialog>($"Point {id}", new Dictionary<string, object?> { ["Point"] = point }, new DialogOptions { Width = "720px" });
    }

    private Task FindSimilarAsync(PointId id) => RunAsync(null, async () =>
    {
        similar = await Browser.FindSimilarAsync(CollectionName, id, 10);
        similarTo = id;
    });

    private async Task DeleteSelectedAsync()
    {
        var ids = selected.ToList();
        if (await Dialogs.Confirm($"Delete {ids.Count:N0} selected point{(ids.Count == 1 ? "" : "s")} from {CollectionName}? This cannot be undone.",
                "Delete points", new ConfirmOptions { OkButtonText = $"Delete {ids.Count:N0}", CancelButtonText = "Cancel" }) != true) return;
        await RunAsync(null, async () =>
        {
            var deleted = await Administration.DeletePointsAsync(CollectionName, ids);
            (message, isError) = ($"Deleted {deleted:N0} point{(deleted == 1 ? "" : "s")}.", false);
            selected.Clear();
            await AfterDeleteAsync();
        });
    }

    private async Task DeleteMatchingAsync()
    {
        var count = await Browser.CountAsync(CollectionName, filter);
        if (await Dialogs.Confirm($"The filter matches {count:N0} point{(count == 1 ? "" : "s")} in {CollectionName}. Delete all {count:N0}? This cannot be undone.",
                "Delete matching points", new ConfirmOptions { OkButtonText = $"Delete {count:N0}", CancelButtonText = "Cancel" }) != true) return;
        await RunAsync(null, async () =>
        {
            var deleted = await Administration.DeleteByFilterAsync(CollectionName, filter!, count);
            (message, isError) = ($"Deleted {deleted:N0} point{(deleted == 1 ? "" : "s")}.", false);
            await AfterDeleteAsync();
        });
    }

    private async Task AfterDeleteAsync()
    {
        await FirstPageAsync();
        await PointsDeleted.InvokeAsync();
    }

    private async Task RunAsync(string? success, Func<Task> work)
    {
        loading = true;
        try
        {
            await work();
            if (success is not null) (message, isError) = (success, false);
        }
        catch (Exception ex) when (CollectionErrors.IsExpected(ex))
        {
            (message, isError) = (CollectionErrors.Describe(ex), true);
        }
        finally
        {
            loading = false;
        }
    }

    private static string Cell(PointRecord point, string path) => PayloadCell(point.Payload, path);

    private static string PayloadCell(JsonObject? payload, string path)
    {
        JsonNode? node = payload;
        foreach (var part in path.Split('.'))
            node = node is JsonObject obj && obj.TryGetPropertyValue(part, out var next) ? next : null;
        var text = node switch
        {
            null => "",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => node.ToJsonString(),
        };
        return text.Length > 120 ? text[..120] + "…" : text;
    }
}
