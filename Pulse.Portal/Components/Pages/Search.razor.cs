using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Pulse.Core;
using Pulse.Core.Collections;
using Pulse.Core.Collections.Filtering;
using Pulse.Core.Data;
using Pulse.Core.Search;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Portal.Components.SearchPlayground;

namespace Pulse.Portal.Components.Pages;

public partial class Search
{
    [Inject] private SearchService Searches { get; set; } = default!;
    [Inject] private SearchCatalog Catalog { get; set; } = default!;
    [Inject] private SearchHistory History { get; set; } = default!;
    [Inject] private HierarchyBrowser Browser { get; set; } = default!;
    [Inject] private Pulse.Core.Collections.CollectionBrowser CollectionBrowser { get; set; } = default!;
    [Inject] private ITenantContext Tenant { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ILogger<Search> Logger { get; set; } = default!;

    private readonly SearchForm form = new();
    private IReadOnlyList<CollectionOption> collections = [];
    private IReadOnlyList<IntegrationOption> integrations = [];
    private IReadOnlyList<SearchHistoryEntry> history = [];
    private SearchResponse? result;
    private HierarchyPage? browse;
    private CompareResponse? comparison;
    private string? message;
    private bool isError;
    private bool busy;
    private bool loaded;
    private bool initialized;
    private string presetKey = "";
    private string? shareLink;
    private SharedSearch? linkRequest;
    private string? linkNote;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private bool HasTenant => Tenant.TenantId is not null;

    protected override async Task OnInitializedAsync()
    {
        // The tenant context reads the circuit's user, which may still be on its way when the page starts.
        await AuthenticationState;
        var query = new Uri(Navigation.Uri).Query;
        if (query.Contains("q=", StringComparison.Ordinal)) linkRequest = SearchLink.ReadQueryString(query);
        initialized = true;
        if (!HasTenant) return;
        await GuardAsync(async () =>
        {
            integrations = await Catalog.ListIntegrationsAsync();
            collections = await Catalog.ListCollectionsAsync(integrations);
            history = await History.ListAsync();
        });
        if (linkRequest is not null) LoadShared(linkRequest, fromLink: true);
        else if (collections.FirstOrDefault(c => c.Searchable) is { } first) form.Collection = first.Name;

        // Only a live circuit searches: the button stays disabled in the prerendered page, and a shared link runs
        // here, not during prerendering (which would run it, and bill it, twice).
        loaded = RendererInfo.IsInteractive;
        if (loaded && linkRequest is not null)
        {
            linkRequest = null;
            await RunAsync();
        }
    }

    // The filter builder writes the same Qdrant JSON into the filter box that the search sends, so the box stays the
    // one place the filter lives (and can be edited by hand after building).
    private bool builderOpen;
    private FilterGroup filterGroup = new();
    private IReadOnlyList<PayloadField> filterFields = [];
    private string? filterFieldsOf;
    private string? filterBuilderProblem;

    private async Task ToggleBuilderAsync()
    {
        builderOpen = !builderOpen;
        if (!builderOpen || string.IsNullOrEmpty(form.Collection) || filterFieldsOf == form.Collection) return;
        await GuardAsync(async () =>
        {
            filterFields = (await CollectionBrowser.GetAsync(form.Collection)).PayloadFields;
            filterFieldsOf = form.Collection;
            filterGroup = !string.IsNullOrWhiteSpace(form.Filter) && FilterBuilder.Parse(form.Filter, [.. filterFields.Select(f => f.Path)]) is { IsValid: true, Filter: { } parsed }
                && FilterBuilder.FromFilter(parsed) is { } editable ? editable : new FilterGroup();
        });
    }

    // Suggestions only: a store that fails here (the collection deleted meanwhile, an outage) leaves the value to type by hand.
    private async Task<FacetCounts> LoadFilterValuesAsync(string field)
    {
        try
        {
            return await CollectionBrowser.FacetAsync(form.Collection, field);
        }
        catch (VectorStoreException ex)
        {
            Logger.LogInformation(ex, "Values of {Field} could not be read for the filter builder", field);
            (message, isError) = ($"The values of '{field}' could not be read ({ex.Message}); type the value instead.", true);
            return FacetCounts.OverAll([], 0);
        }
    }

    private void FilterBuilderChanged()
    {
        var result = FilterBuilder.Build(filterGroup, [.. filterFields.Select(f => f.Path)]);
        filterBuilderProblem = result.IsValid ? null : "Finish the rule (field, condition and value) to update the filter.";
        if (result.IsValid) form.Filter = result.Json == "{}" ? "" : result.Json;
    }

    private Task SubmitAsync()
    {
        form.Offset = 0;
        linkNote = null;
        return RunAsync();
    }

    private async Task PageAsync(int direction)
    {
        form.Offset = Math.Max(0, form.Offset + (direction * form.Limit));
        await RunAsync();
    }

    private async Task RunAsync()
    {
        var (request, problem) = form.ToRequest();
        if (request is null)
        {
            (message, isError) = (problem, true);
            return;
        }

        busy = true;
        message = null;
        StateHasChanged();
        await GuardAsync(async () =>
        {
            var compare = form.Compare ? form.CompareTarget() : null;
            if (compare is not null)
            {
                comparison = await Searches.CompareAsync(request, compare.Apply(request));
                result = null;
            }
            else
            {
                result = await Searches.SearchAsync(request);
                comparison = null;
            }

            history = await History.ListAsync();
            shareLink = Navigation.ToAbsoluteUri("search?" + SearchLink.ToQueryString(request, compare)).AbsoluteUri;
        });
        busy = false;
    }

    /// <summary>
    /// Fills the form from a share link or a history entry, compare mode included. A second side the person cannot pick
    /// here (a collection or integration not in the lists) is left out with a note, as are values the link could not carry.
    /// </summary>
    private void LoadShared(SharedSearch shared, bool fromLink)
    {
        form.Load(shared.Request);
        var notes = new List<string>(shared.Notes);
        form.Compare = shared.Compare is not null;
        form.CompareCollection = form.CompareIntegration = "";
        if (shared.Compare is { } compare)
        {
            if (compare.Collection is { } other && collections.Any(c => c.Name == other && c.Searchable)) form.CompareCollection = other;
            else if (compare.Collection is not null) notes.Add($"The collection to compare with, '{compare.Collection}', is not one you can search here; the comparison uses the same collection on both sides.");
            var id = compare.IntegrationId?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (id is not null && integrations.Any(i => i.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == id)) form.CompareIntegration = id;
            else if (id is not null) notes.Add($"The integration to compare with (#{id}) is not available; the comparison uses the same integration on both sides.");
        }

        linkNote = notes.Count == 0 ? null : (fromLink ? "Parts of the shared link were ignored. " : "Parts of the history entry were ignored. ") + string.Join(" ", notes);
    }

    private async Task<SearchFacets?> LoadFacetsAsync(SearchResponse response)
    {
        try
        {
            return await Searches.FacetsAsync(response);
        }
        catch (Exception ex) when (ex is ValidationFailedException or SearchFailedException or VectorStoreException or TenantAccessDeniedException or DatabaseUnavailableException)
        {
            Logger.LogInformation(ex, "Facets of the whole result could not be counted: {Message}", ex.Message);
            (message, isError) = (ex.Message, true);
            return null;
        }
    }

    private async Task FindSimilarAsync(SearchHit hit)
    {
        var (request, problem) = form.ToRequest();
        if (request is null)
        {
            (message, isError) = (problem, true);
            return;
        }

        busy = true;
        StateHasChanged();
        await GuardAsync(async () =>
        {
            result = await Searches.FindSimilarAsync(request, hit.PointId);
            comparison = null;
        });
        busy = false;
    }

    private async Task RerunAsync(SearchHistoryEntry entry)
    {
        LoadShared(entry.ToShared(), fromLink: false);
        await RunAsync();
    }

    private async Task ClearHistoryAsync()
    {
        await GuardAsync(async () =>
        {
            await History.ClearAsync();
            history = [];
        });
    }

    private void ApplyPreset(ChangeEventArgs args)
    {
        presetKey = args.Value?.ToString() ?? "";
        if (SearchPresets.Find(presetKey) is not { } preset) return;
        form.Load(preset.Request with { Collection = form.Collection }, keepCollection: true);
        (message, isError) = ($"Preset loaded: {preset.Description}", false);
    }

    private void ClearScope() => (form.Scope, browse) = (null, null);

    private async Task BrowseAsync(int page)
    {
        if (form.Scope is not { } scope) return;
        await GuardAsync(async () => browse = await Browser.BrowseAsync(scope, page, pageSize: 10));
    }

    private async Task GuardAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex) when (ex is ValidationFailedException or SearchFailedException or VectorStoreException or TenantAccessDeniedException or DatabaseUnavailableException)
        {
            Logger.LogInformation(ex, "Search playground action refused: {Message}", ex.Message);
            (message, isError) = (ex.Message, true);
            result = null;
            comparison = null;
            if (ex is SearchFailedException { InnerException: VectorStoreException { Kind: VectorStoreErrorKind.NotFound } })
                await ForgetVanishedCollectionAsync();
        }
    }

    /// <summary>A collection deleted or renamed since the page loaded leaves the picker, which moves to the next searchable one.</summary>
    private async Task ForgetVanishedCollectionAsync()
    {
        try
        {
            collections = await Catalog.ListCollectionsAsync(integrations);
        }
        catch (SearchFailedException ex)
        {
            Logger.LogInformation(ex, "Could not list collections after one vanished");
            return;
        }

        if (collections.All(c => c.Name != form.Collection)) form.Collection = collections.FirstOrDefault(c => c.Searchable)?.Name ?? "";
        if (collections.All(c => c.Name != form.CompareCollection)) form.CompareCollection = "";
    }
}
