using Microsoft.Playwright;

namespace Pulse.Portal.Tests.Infrastructure;

/// <summary>
/// One headless Chromium for the collection, the machine's own (/usr/bin/chromium): Playwright's browser
/// download is not reachable here. Tests open a new context each, so cookies never leak between them.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException(
        $"Chromium is not available: {ChromiumPath} is missing. Install it with `apt-get install -y chromium` (never `playwright install`).");

    public async Task InitializeAsync()
    {
        // Fail, do not skip: a missing browser must not turn the browser tests green.
        if (!File.Exists(ChromiumPath)) return;
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = Arguments,
        });
    }

    /// <summary>A fresh context (own cookies) with the portal as base URL.</summary>
    public async Task<IBrowserContext> NewContextAsync(Uri baseAddress)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
