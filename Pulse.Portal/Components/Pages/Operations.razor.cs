using Microsoft.AspNetCore.Components;
using Pulse.Core.Data;
using Pulse.Core.Operations.Health;
using Pulse.Core.Operations.History;
using Pulse.Core.Tenancy;

namespace Pulse.Portal.Components.Pages;

public partial class Operations
{
    private static readonly (int Seconds, string Label)[] Intervals =
        [(0, "Off"), (10, "10 seconds"), (30, "30 seconds"), (60, "1 minute"), (300, "5 minutes")];

    [Inject] private HealthMonitor Monitor { get; set; } = default!;
    [Inject] private HealthHistory History { get; set; } = default!;
    [Inject] private ITenantContext Tenant { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    private HealthReport? report;
    private IReadOnlyDictionary<string, IReadOnlyList<HistoryPoint>> history = new Dictionary<string, IReadOnlyList<HistoryPoint>>();
    private DateTimeOffset? historySince;
    private int refreshSeconds = 30;
    private bool loading;
    private string? message;
    private CancellationTokenSource? timer;

    private string HistoryLine => historySince is { } since ? $" · history since {since.ToLocalTime():yyyy-MM-dd HH:mm}" : " · no history yet";

    protected override async Task OnInitializedAsync()
    {
        await RefreshAsync();
        StartTimer();
    }

    private async Task RefreshAsync()
    {
        loading = true;
        try
        {
            var now = Time.GetUtcNow();
            var latest = await Monitor.CurrentAsync(TimeSpan.FromSeconds(5));
            report = latest.VisibleTo(Tenant);
            history = await History.SeriesAsync(Tenant, now.AddDays(-1), now);
            historySince = history.Count == 0 ? null : history.Values.Where(v => v.Count > 0).Select(v => v[0].At).DefaultIfEmpty(now).Min();
            message = null;
        }
        catch (Exception ex) when (ex is DatabaseUnavailableException or Npgsql.NpgsqlException)
        {
            message = $"The health history could not be read: {ex.Message}";
        }
        finally
        {
            loading = false;
        }
    }

    private async Task ChangeIntervalAsync(ChangeEventArgs e)
    {
        refreshSeconds = int.TryParse(e.Value?.ToString(), out var seconds) ? seconds : 0;
        StartTimer();
        await Task.CompletedTask;
    }

    private void StartTimer()
    {
        timer?.Cancel();
        timer?.Dispose();
        timer = null;
        if (refreshSeconds <= 0 || !RendererInfo.IsInteractive) return;
        timer = new CancellationTokenSource();
        _ = TickAsync(TimeSpan.FromSeconds(refreshSeconds), timer.Token);
    }

    private async Task TickAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var ticker = new PeriodicTimer(interval);
        try
        {
            while (await ticker.WaitForNextTickAsync(cancellationToken))
                await InvokeAsync(async () =>
                {
                    await RefreshAsync();
                    StateHasChanged();
                });
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        timer?.Cancel();
        timer?.Dispose();
    }
}
