extern alias portal;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
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
internal static partial class LoadBenchmark
{
    private static readonly string[] Accounts = ["owner@acme.test", "owner@globex.test"];

    public static async Task<int> RunAsync(string[] args)
    {
        var sessions = Option(args, "--sessions", 100);
        var seconds = Option(args, "--seconds", 60);
        var browsers = Math.Clamp(Option(args, "--browsers", 5), 0, sessions);
        // Think time between a session's interactions: a person reads a page before the next click.
        var think = (OptionText(args, "--think") ?? "3000-10000").Split('-', 2).Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        var circuits = sessions - browsers;
        var chromium = OptionText(args, "--chromium") ?? "/usr/bin/chromium";
        if (browsers > 0 && !File.Exists(chromium))
        {
            Console.Error.WriteLine($"load: Chromium not found at {chromium} (apt-get install -y chromium, or --browsers 0)");
            return 2;
        }
        var folder = Path.Combine(Path.GetTempPath(), "pulse-load-" + Guid.NewGuid().ToString("N"));
        Console.WriteLine($"load: {sessions} sessions ({circuits} circuit clients, {browsers} in headless Chromium), think time {think[0]}-{think[^1]} ms, for {Option(args, "--warmup", 20)} s of warm-up and {seconds} s measured against the portal on loopback (data folder {folder})");

        await using var portal = new LoadPortal(folder);
        var baseAddress = await portal.StartAsync();
        using var playwright = browsers > 0 ? await Playwright.CreateAsync() : null;
        await using var browser = playwright is null ? null : await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        });

        var heapBefore = ManagedHeap();
        var errors = new ConcurrentBag<string>();
        var latencies = new ConcurrentBag<(string Interaction, bool Browser, double Ms)>();
        var pages = new IPage?[browsers];
        var clients = new CircuitSession?[circuits];
        var signIn = Stopwatch.StartNew();
        using (var gate = new SemaphoreSlim(8))
        {
            await Task.WhenAll(Enumerable.Range(0, sessions).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    var account = Accounts[i % Accounts.Length];
                    if (i < browsers) pages[i] = await OpenSessionAsync(browser!, baseAddress, account, errors);
                    else clients[i - browsers] = await CircuitSession.OpenAsync(baseAddress, account);
                }
                catch (Exception ex) when (ex is PlaywrightException or TimeoutException or InvalidOperationException or HttpRequestException)
                {
                    errors.Add($"sign-in {i}: {ex.Message.Split('\n')[0]}");
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        var open = pages.Count(p => p is not null) + clients.Count(c => c is not null);
        Console.WriteLine($"signed in: {open}/{sessions} sessions in {signIn.Elapsed.TotalSeconds:0.0} s");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var heapIdle = ManagedHeap();
        var perCircuit = open == 0 ? 0 : (heapIdle - heapBefore) / (double)open;

        // A warm-up of the same mix first (not counted, its errors reported on their own): the JIT and the pools settle,
        // as on a portal that has been running for a while.
        var warmup = Option(args, "--warmup", 20);
        var warmupErrors = new ConcurrentBag<string>();
        var measureFrom = DateTime.UtcNow.AddSeconds(warmup);
        var until = measureFrom.AddSeconds(seconds);
        var cpuBefore = TimeSpan.Zero;
        var wall = new Stopwatch();
        var measuring = Task.Delay(TimeSpan.FromSeconds(warmup)).ContinueWith(_ =>
        {
            cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            wall.Start();
        }, TaskScheduler.Default);
        var interactions = 0;
        // Every 10 s: how busy the thread pool is (queued work with idle CPU means blocked threads, not load).
        var clock = Stopwatch.StartNew();
        using var sampler = new Timer(_ => Console.WriteLine(
            $"  t+{clock.Elapsed.TotalSeconds:0} s{(DateTime.UtcNow < measureFrom ? " (warm-up)" : "")}: {Volatile.Read(ref interactions)} interactions, thread pool {ThreadPool.ThreadCount} threads, {ThreadPool.PendingWorkItemCount} queued"),
            null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        async Task LoopAsync(int seed, bool isBrowser, Func<Random, Task<string>> step)
        {
            var random = new Random(seed);
            while (DateTime.UtcNow < until)
            {
                var counted = DateTime.UtcNow >= measureFrom;
                var watch = Stopwatch.StartNew();
                try
                {
                    var name = await step(random);
                    if (!counted) continue;
                    latencies.Add((name, isBrowser, watch.Elapsed.TotalMilliseconds));
                    Interlocked.Increment(ref interactions);
                }
                catch (Exception ex) when (ex is PlaywrightException or TimeoutException or InvalidOperationException or HubException or IOException)
                {
                    (counted ? errors : warmupErrors).Add($"{(isBrowser ? "Chromium" : "circuit")}: {ex.Message.Split('\n')[0]}");
                }
                finally
                {
                    await Task.Delay(random.Next(think[0], think[^1] + 1));
                }
            }
        }
        var loops = pages.Where(p => p is not null).Select((page, i) => Task.Run(() => LoopAsync(i, true, async random =>
        {
            var (name, run) = Mix[random.Next(Mix.Length)];
            await run(page!, random);
            return name;
        }))).Concat(clients.Where(c => c is not null).Select((client, i) => Task.Run(() => LoopAsync(1000 + i, false, client!.StepAsync))));
        await Task.WhenAll(loops);
        await measuring;

        var portalCpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var all = latencies.Select(l => l.Ms).Order().ToArray();
        Console.WriteLine($"interactions: {interactions:N0} in {seconds} s ({interactions / (double)seconds:0.0}/s)");
        Console.WriteLine($"warm-up: {warmup} s before the measurement, {warmupErrors.Count} errors in it");
        foreach (var error in warmupErrors.GroupBy(e => e).OrderByDescending(g => g.Count()).Take(3))
            Console.WriteLine($"  {error.Count()} x {error.Key}");
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
        foreach (var kind in latencies.GroupBy(l => l.Browser).OrderBy(g => g.Key))
        {
            var sorted = kind.Select(g => g.Ms).Order().ToArray();
            Console.WriteLine($"  {(kind.Key ? "Chromium sessions (DOM applied)" : "circuit clients")}: n={sorted.Length}, p50 {Percentile(sorted, 0.5):0.0} ms, p95 {Percentile(sorted, 0.95):0.0} ms");
        }
        // The portal and the circuit clients share this process; Chromium's processes and PostgreSQL are others on the same cores.
        Console.WriteLine($"benchmark process CPU (portal and circuit clients): {portalCpu:0.0} s over {wall.Elapsed.TotalSeconds:0.0} s on {Environment.ProcessorCount} cores = {100 * portalCpu / (wall.Elapsed.TotalSeconds * Environment.ProcessorCount):0} % of the machine");
        Console.WriteLine($"memory per idle circuit: {perCircuit / 1024 / 1024:0.00} MB (managed heap {heapBefore / 1024 / 1024:0.0} MB before, {heapIdle / 1024 / 1024:0.0} MB with {open} idle sessions; includes the circuit clients' own buffers)");
        Console.WriteLine($"target: no errors, p95 under 300 ms, under 5 MB per idle circuit -> {(errors.IsEmpty && open == sessions && Percentile(all, 0.95) < 300 && perCircuit < 5 * 1024 * 1024 ? "met" : "NOT met")}");
        foreach (var page in pages.Where(p => p is not null)) await page!.Context.CloseAsync();
        foreach (var client in clients.Where(c => c is not null)) await client!.DisposeAsync();
        return 0;
    }

    /// <summary>
    /// One browserless session: a signed-in circuit that moves through the same mix as the browsers (each step a
    /// different page from the one it is on, so every step renders something new) and times each page until its
    /// loaded content arrives.
    /// </summary>
    private sealed class CircuitSession(BlazorCircuitClient client, (string Name, string Url, string Ready)[] mix) : IAsyncDisposable
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

        public static async Task<CircuitSession> OpenAsync(Uri baseAddress, string account)
        {
            var client = await BlazorCircuitClient.SignInAsync(baseAddress, account, new Pulse.Core.Data.DatabaseOptions().DemoPassword, CancellationToken.None);
            try
            {
                // Links come from the prerendered pages, as a user would find them.
                var collections = await client.GetPageAsync("collections", CancellationToken.None);
                var collection = CollectionLink().Match(collections) is { Success: true } c ? WebUtility.HtmlDecode(c.Groups["name"].Value) : null;
                var search = await client.GetPageAsync("search", CancellationToken.None);
                var searchable = SearchableOption().Matches(search).Select(m => WebUtility.HtmlDecode(m.Groups["name"].Value)).FirstOrDefault(n => n.Length > 0);
                var mix = new List<(string, string, string)>
                {
                    ("open dashboard", "", "dash-grid"),
                    ("open usage charts", "usage", "usage-range-label"),
                    ("open collections", "collections", "collections/"),
                };
                if (collection is not null) mix.Add(("browse points", "collections/" + Uri.EscapeDataString(collection), "Showing points"));
                if (searchable is not null) mix.AddRange(Queries.Select(q => ("search", "search?" + Pulse.Core.Search.SearchLink.ToQueryString(new() { Query = q, Collection = searchable }), "search-results")));
                await client.OpenAsync("", "dash-grid", Timeout, CancellationToken.None);
                return new CircuitSession(client, [.. mix]);
            }
            catch
            {
                await client.DisposeAsync();
                throw;
            }
        }

        public async Task<string> StepAsync(Random random)
        {
            // Each kind of interaction is as likely as the others (the searches only differ in their query).
            var choices = mix.Where(m => m.Url != client.Location && !(m.Name == "search" && client.Location.StartsWith("search", StringComparison.Ordinal))).ToArray();
            var kinds = choices.Select(m => m.Name).Distinct().ToArray();
            var kind = kinds[random.Next(kinds.Length)];
            var ofKind = choices.Where(m => m.Name == kind).ToArray();
            var (name, url, ready) = ofKind[random.Next(ofKind.Length)];
            try
            {
                await client.NavigateAsync(url, ready, Timeout, CancellationToken.None);
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
            {
                throw new TimeoutException($"{name}: {ex.Message}", ex);
            }
            return name;
        }

        public ValueTask DisposeAsync() => client.DisposeAsync();
    }

    [GeneratedRegex(@"href=""collections/(?<name>[^""/?#]+)""")]
    private static partial Regex CollectionLink();

    [GeneratedRegex(@"<option value=""(?<name>[^""]*)""(?![^>]*disabled)[^>]*>")]
    private static partial Regex SearchableOption();

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
