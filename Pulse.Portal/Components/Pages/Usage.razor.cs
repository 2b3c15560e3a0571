using System.Globalization;
using Microsoft.AspNetCore.Components;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;
using Pulse.Core.Usage;
using Pulse.Core.Usage.Budget;

namespace Pulse.Portal.Components.Pages;

public partial class Usage
{
    private static readonly (string Value, string Label)[] Presets =
        [("last7", "Last 7 days"), ("last30", "Last 30 days"), ("this-month", "This month"), ("last-month", "Last month"), ("custom", "Custom range")];

    [Inject] private IUsageAggregates Aggregates { get; set; } = default!;
    [Inject] private MonthBudgetService Budgets { get; set; } = default!;
    [Inject] private ITenantContext Tenant { get; set; } = default!;
    [Inject] private TenantDirectory Tenants { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private string preset = "last30";
    private DateOnly customFrom, customTo;
    private UsageGranularity granularity = UsageGranularity.Day;
    private UsageDimension dimension = UsageDimension.Provider;
    private UsageReport? report;
    private MonthBudgetView? budget;
    private bool loading = true;
    private string? error;
    private string scopeLabel = "";

    private DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    private IEnumerable<UsageDimension> Dimensions =>
        Enum.GetValues<UsageDimension>().Where(d => d != UsageDimension.Tenant || (Tenant.IsPlatformAdmin && Tenant.TenantId is null));

    private (DateOnly From, DateOnly To) Range
    {
        get
        {
            var today = Today;
            var month = new DateOnly(today.Year, today.Month, 1);
            return preset switch
            {
                "last7" => (today.AddDays(-6), today.AddDays(1)),
                "this-month" => (month, today.AddDays(1)),
                "last-month" => (month.AddMonths(-1), month),
                "custom" => (customFrom, customTo.AddDays(1)),
                _ => (today.AddDays(-29), today.AddDays(1)),
            };
        }
    }

    private string RangeLabel
    {
        get
        {
            var (from, to) = Range;
            var last = to.AddDays(-1);
            return from == last ? $"{from:MMM d, yyyy}" : $"{from:MMM d, yyyy} – {last:MMM d, yyyy} ({to.DayNumber - from.DayNumber} days)";
        }
    }

    protected override async Task OnInitializedAsync()
    {
        (customFrom, customTo) = (Today.AddDays(-13), Today);
        // Prerendering would query once for a page the circuit then replaces (and flashes back to "loading"):
        // show the loading state until the interactive render, which queries once.
        if (!RendererInfo.IsInteractive) return;
        try
        {
            var tenants = await Tenants.ListAsync();
            scopeLabel = Tenant.TenantId is { } id ? $"Tenant: {tenants.FirstOrDefault(t => t.Id == id)?.Name}" : $"All tenants ({tenants.Count})";
            if (Tenant.IsPlatformAdmin && Tenant.TenantId is null) dimension = UsageDimension.Tenant;
        }
        catch (DatabaseUnavailableException ex)
        {
            error = ex.Message;
        }
        await LoadAsync(includeBudget: true);
    }

    private async Task LoadAsync(bool includeBudget = false)
    {
        loading = true;
        error = null;
        try
        {
            var (from, to) = Range;
            if (to <= from)
            {
                error = "The end of the range must be on or after its start.";
                report = null;
                return;
            }
            report = await Aggregates.QueryAsync(new UsageQuery(from, to, granularity));
            if (includeBudget) budget = await Budgets.CurrentMonthAsync();
        }
        catch (Exception ex) when (ex is DatabaseUnavailableException or Pulse.Core.ValidationFailedException or TenantAccessDeniedException)
        {
            error = ex.Message;
        }
        finally
        {
            loading = false;
        }
    }

    private Task OnPresetChangedAsync(ChangeEventArgs e)
    {
        preset = e.Value?.ToString() ?? "last30";
        return LoadAsync();
    }

    private Task OnCustomDateChangedAsync(ChangeEventArgs e, bool isFrom)
    {
        if (!DateOnly.TryParseExact(e.Value?.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            error = "Enter a date as year-month-day.";
            return Task.CompletedTask;
        }
        if (isFrom) customFrom = day; else customTo = day;
        return LoadAsync();
    }

    private Task OnGranularityChangedAsync(ChangeEventArgs e)
    {
        granularity = Enum.TryParse<UsageGranularity>(e.Value?.ToString(), out var g) ? g : UsageGranularity.Day;
        return LoadAsync();
    }

    // The breakdown only regroups facts already loaded: no query.
    private void OnDimensionChanged(ChangeEventArgs e) =>
        dimension = Enum.TryParse<UsageDimension>(e.Value?.ToString(), out var d) ? d : UsageDimension.Provider;

    private string ExportUrl(string kind)
    {
        var (from, to) = Range;
        return $"usage/export/{kind}.csv?from={from:yyyy-MM-dd}&to={to.AddDays(-1):yyyy-MM-dd}&granularity={granularity.ToString().ToLowerInvariant()}&breakdown={dimension.ToString().ToLowerInvariant()}";
    }
}
