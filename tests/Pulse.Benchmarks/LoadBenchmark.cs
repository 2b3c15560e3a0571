extern alias portal;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Pulse.Benchmarks;

/// <summary>
/// Concurrent signed-in Blazor sessions against the real portal (embedded PostgreSQL and vector store, seeded demo) on
/// loopback, driven by headless Chromium: each session signs in, then for a bounded time repeats a mix of interactions
/// (open a page through the navigation, run a search, browse a collection's points, open the usage charts) and
/// records the time until the page shows its result. Prints the error count, interaction latency percentiles, and the
/// managed memory per idle circuit (heap after a full collection, before and after the sessions opened).
/// </summary>
internal static class LoadBenchmark
{
    private static readonly string[] Accounts = ["owner@acme.test", "owner@globex.test"];

    public static async Task<int> RunAsync(string[] args)
    {
        var sessions = Option(args, "--sessions", 100);
        var seconds = Option(args, "--seconds", 60);
        var chromium = OptionText(args, "--chromium") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            Console.Error.WriteLine($"load: Chromium not found at {chromium} (apt-get install -y chromium)");
            return 2;
        }
        var folder = Path.Combine(Path.GetTempPath(), "pulse-load-" + Guid.NewGuid().ToString("N"));
        Console.WriteLine($"load: {sessions} sessions for {seconds} s against the portal on loopback (data folder {folder})");

        await using var portal = new LoadPortal(folder);
        var baseAddress = await portal.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--renderer-process-limit=8", "--disable-background-networking", "--disable-dev-shm-usage"],
        });

        var heapBefore = ManagedHeap();
        var errors = new ConcurrentBag<string>();
        var latencies = new ConcurrentBag<(string Interaction, double Ms)>();
        var pages = new IPage[sessions];
        var signIn = Stopwatch.StartNew();
        using (var gate = new SemaphoreSlim(8))
        {
            await Task.WhenAll(Enumerable.Range(0, sessions).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    pages[i] = await OpenSessionAsync(browser, baseAddress, Accounts[i % Accounts.Length], errors);
                }
                catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
                {
                    errors.Add($"sign-in {i}: {ex.Message.Split('\n')[0]}");
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        var open = pages.Count(p => p is not null);
        Console.WriteLine($"signed in: {open}/{sessions} sessions in {signIn.Elapsed.TotalSeconds:0.0} s");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var heapIdle = ManagedHeap();
        var perCircuit = open == 0 ? 0 : (heapIdle - heapBefore) / (double)open;

        var cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var until = DateTime.UtcNow.AddSeconds(seconds);
        var interactions = 0;
        await Task.WhenAll(pages.Where(p => p is not null).Select((page, i) => Task.Run(async () =>
        {
            var random = new Random(i);
            while (DateTime.UtcNow < until)
            {
                var (name, run) = Mix[random.Next(Mix.Length)];
                var watch = Stopwatch.StartNew();
                try
                {
                    await run(page, random);
                    latencies.Add((name, watch.Elapsed.TotalMilliseconds));
                    Interlocked.Increment(ref interactions);
                }
                catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
                {
                    errors.Add($"{name}: {ex.Message.Split('\n')[0]}");
                }
                await Task.Delay(random.Next(200, 1200));
            }
        })));

        var portalCpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var all = latencies.Select(l => l.Ms).Order().ToArray();
        Console.WriteLine($"interactions: {interactions:N0} in {seconds} s ({interactions / (double)seconds:0.0}/s)");
        Console.WriteLine($"errors: {errors.Count}");
        foreach (var error in errors.GroupBy(e => e).OrderByDescending(g => g.Count()).Take(5))
            Console.WriteLine($"  {error.Count()} x {error.Key}");
        Console.WriteLine($"latency p50: {Percentile(all, 0.50):0.0} ms");
        Console.WriteLine($"latency p95: {Percentile(all, 0.95):0.0} ms");
        Console.WriteLine($"latency p99: {Percentile(all, 0.99):0.0} ms");
        foreach (var group in latencies.GroupBy(l => l.Interaction).OrderBy(g => g.Key))
        {
            var sorted = group.Select(g => g.Ms).Order().ToArray();
            Console.WriteLine($"  {group.Key}: n={sorted.Length}, p50 {Percentile(sorted, 0.5):0.0} ms, p95 {Percentile(sorted, 0.95):0.0} ms");
        }
        // The portal (and this driver, which is light) share the process; Chromium's renderers are other processes on the same cores.
        Console.WriteLine($"portal process CPU: {portalCpu:0.0} s over {wall.Elapsed.TotalSeconds:0.0} s on {Environment.ProcessorCount} cores = {100 * portalCpu / (wall.Elapsed.TotalSeconds * Environment.ProcessorCount):0} % of the machine (the rest went to the browsers and PostgreSQL)");
        Console.WriteLine($"memory per idle circuit: {perCircuit / 1024 / 1024:0.00} MB (managed heap {heapBefore / 1024 / 1024:0.0} MB before, {heapIdle / 1024 / 1024:0.0} MB with {open} idle sessions)");
        Console.WriteLine($"target: no errors, p95 under 300 ms, under 5 MB per idle circuit -> {(errors.IsEmpty && Percentile(all, 0.95) < 300 && perCircuit < 5 * 1024 * 1024 ? "met" : "NOT met")}");
        foreach (var page in pages.Where(p => p is not null)) await page.Context.CloseAsync();
        return 0;
    }

    /// <summary>The interaction mix: each opens something and waits until it shows its result.</summary>
    private static readonly (string Name, Func<IPage, Random, Task> Run)[] Mix =
    [
        ("open dashboard", (page, _) => NavigateAsync(page, "Dashboard")),
        ("open usage charts", (page, _) => NavigateAsync(page, "Usage and cost")),
        ("open collections", (page, _) => NavigateAsync(page, "Collections")),
        ("search", SearchAsync),
        ("browse points", BrowsePointsAsync),
    ];

    private static async Task NavigateAsync(IPage page, string title)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" }).GetByRole(AriaRole.Link, new() { Name = title, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
    }

    private static readonly string[] Queries = ["retry budget", "payment outage", "vector search", "incident review", "photosynthesis"];

    private static async Task SearchAsync(IPage page, Random random)
    {
        await NavigateAsync(page, "Search playground");
        var query = page.GetByLabel("Query", new() { Exact = true });
        if (await query.CountAsync() == 0) return; // the page has no search form in this build
        await query.FillAsync(Queries[random.Next(Queries.Length)]);
        // The button is enabled once the page is live and its collections are loaded; Playwright's click waits for that.
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await page.Locator("table.search-results").First.WaitForAsync();
    }

    private static async Task BrowsePointsAsync(IPage page, Random _)
    {
        await NavigateAsync(page, "Collections");
        var link = page.Locator("main a[href^='collections/'], main a[href^='/collections/']").First;
        if (await link.CountAsync() == 0) return;
        await link.ClickAsync();
        await Assertions.Expect(page.Locator("p.points-range").First).ToContainTextAsync("Showing points");
    }

    private static async Task<IPage> OpenSessionAsync(IBrowser browser, Uri baseAddress, string email, ConcurrentBag<string> errors)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString() });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        page.Response += (_, response) =>
        {
            if (response.Status >= 500) errors.Add($"HTTP {response.Status} {new Uri(response.Url).AbsolutePath}");
        };
        page.PageError += (_, error) => errors.Add($"page error: {error.Split('\n')[0]}");
        await page.GotoAsync("account/login");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(new Pulse.Core.Data.DatabaseOptions().DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Dashboard");
        return page;
    }

    private static long ManagedHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static int Option(string[] args, string name, int fallback) =>
        OptionText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? OptionText(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>The real portal (its Program) in this process, on a free loopback port, in its own data folder.</summary>
    private sealed class LoadPortal(string folder) : WebApplicationFactory<portal::Program>, IAsyncDisposable
    {
        public async Task<Uri> StartAsync()
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            StartServer();
            var address = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/");
            using var client = new HttpClient { BaseAddress = address };
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromMinutes(4))
            {
                try
                {
                    if ((await client.GetAsync("readyz")).StatusCode == HttpStatusCode.OK) return address;
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
                await Task.Delay(500);
            }
            throw new TimeoutException("The portal did not become ready within 4 minutes.");
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Pulse:DataFolder", folder);
            builder.UseSetting("Pulse:SeedDemo", "true");
            builder.UseSetting("Pulse:KeepEmbeddedServerRunning", "false");
            builder.UseSetting("Pulse:Security:LoginAttemptsPerMinute", "0");
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // the embedded cluster may still hold a file for a moment; the folder is in the temp directory
            }
        }
    }
}
