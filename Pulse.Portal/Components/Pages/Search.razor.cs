using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Pulse.Core;
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
    [Inject] private ITenantContext Tenant { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ILogger<Search> Logger { get; set; } = default!;

    private readonly SearchForm form = new();
    private IReadOnlyList<CollectionOption> collections = [];
    private IReadOnlyList<IntegrationOption> integrations = [];
    private IReadOnlyList<SearchHistoryEntry> history = [];
    private SearchResponse? result;
    private CompareResponse? comparison;
    private string? message;
    private bool isError;
    private bool busy;
    private bool loaded;
    // Set once the circuit's own initialization has finished: until then a re-render may still reset the form.
    private bool initialized;
    private string presetKey = "";
    private string? shareLink;
    private SearchRequest? linkRequest;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private bool HasTenant => Tenant.TenantId is not null;

    protected override async Task OnInitializedAsync()
    {
        // The tenant context reads the circuit's user, which may still be on its way when the page starts.
        await AuthenticationState;
        var query = new Uri(Navigation.Uri).Query;
        if (query.Contains("q=", StringComparison.Ordinal)) linkRequest = SearchLink.FromQueryString(query);
        if (!HasTenant)
        {
            initialized = true;
            return;
        }

        await GuardAsync(async () =>
        {
            integrations = await Catalog.ListIntegrationsAsync();
            collections = await Catalog.ListCollectionsAsync(integrations);
            history = await History.ListAsync();
        });
        if (linkRequest is not null) form.Load(linkRequest);
        else if (collections.FirstOrDefault(c => c.Searchable) is { } first) form.Collection = first.Name;
        initialized = true;
    }

    // Only a live circuit can search: the button stays disabled in the prerendered page, and a shared link runs
    // here rather than during prerendering (which would run it, and bill it, twice).
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        loaded = true;
        if (linkRequest is not null && HasTenant)
        {
            linkRequest = null;
            await RunAsync();
        }

        StateHasChanged();
    }

    private Task SubmitAsync()
    {
        form.Offset = 0;
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
            if (form.Compare)
            {
                comparison = await Searches.CompareAsync(request, form.CompareSide(request));
                result = null;
            }
            else
            {
                result = await Searches.SearchAsync(request);
                comparison = null;
                history = await History.ListAsync();
            }

            shareLink = Navigation.ToAbsoluteUri("search?" + SearchLink.ToQueryString(request)).AbsoluteUri;
        });
        busy = false;
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
        form.Load(entry.ToRequest());
        form.Compare = false;
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

    private void ClearScope() => form.Scope = null;

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
        }
    }
}
