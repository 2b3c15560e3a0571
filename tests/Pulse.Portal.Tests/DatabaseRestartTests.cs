using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pulse.Core.Data.Postgres;
using Microsoft.AspNetCore.Identity;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Tenancy;
using Pulse.Portal.Tests.Infrastructure;
using Pulse.Testing;

namespace Pulse.Portal.Tests;

/// <summary>
/// PostgreSQL crashes (immediate shutdown: no checkpoint, sessions cut) while the portal is creating users and serving
/// pages, then comes back: the portal recovers without a restart, and no write is half-applied (every user has a role).
/// The portal runs on its own throwaway cluster so the crash touches no other test.
/// </summary>
public sealed partial class DatabaseRestartTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"pulse-portal-restart-{Guid.NewGuid():N}");
    private EmbeddedPostgresServer _server = null!;
    private PortalApplicationFactory _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _server = new EmbeddedPostgresServer(Path.Combine(_root, "cluster"), NullLogger.Instance);
        var connection = new NpgsqlConnectionStringBuilder(await _server.StartAsync("pulse")) { Timeout = 3, CommandTimeout = 10 }.ConnectionString;
        _factory = new PortalApplicationFactory(new Dictionary<string, string?>
        {
            ["Pulse:DataFolder"] = Path.Combine(_root, "portal"),
            ["ConnectionStrings:Primary"] = connection,
            ["Pulse:SeedDemo"] = "true",
            ["Pulse:Security:LoginAttemptsPerMinute"] = "0",
        });
        _client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        await WaitForReadyzAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(120));
    }

    [Fact]
    public async Task A_crashed_database_makes_readyz_fail_and_after_it_returns_the_portal_serves_again_with_no_half_written_user()
    {
        var acknowledged = new ConcurrentBag<string>();
        var failures = 0;
        var errors = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var email = $"load{i}@acme.test";
                try
                {
                    using var scope = _factory.Services.CreateScope();
                    var services = scope.ServiceProvider;
                    var admin = new UserAdministration(new PulseDbContextFactory(services.GetRequiredService<PulseDatabase>(), SystemTenantContext.Platform), services.GetRequiredService<UserManager<PulseUser>>(),
                        services.GetRequiredService<PulseDbContext>(), SystemTenantContext.Platform);
                    await admin.CreateAsync(email, null, PulseRoles.PlatformAdmin, null, "Load-test-2026!");
                    acknowledged.Add(email);
                }
                catch (Exception ex)
                {
                    if (stop.IsCancellationRequested) break;
                    // Whatever a write cut by the crash throws, the loop goes on; the kinds are reported if writes never recover.
                    Interlocked.Increment(ref failures);
                    errors.Enqueue(ex.GetType().Name + ": " + ex.Message.Split('\n')[0]);
                    await Task.Delay(100);
                }
            }
        });
        await WaitForWritesAsync(() => acknowledged.Count >= 5, writer, errors, "before the crash");

        await _server.StopImmediatelyAsync();
        await WaitForReadyzAsync(HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30));
        var whileDown = await _client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, whileDown.StatusCode);

        await _server.StartAsync("pulse");
        await WaitForReadyzAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        var before = acknowledged.Count;
        await WaitForWritesAsync(() => acknowledged.Count >= before + 5, writer, errors, "after the database came back");
        await stop.CancelAsync();
        await writer;

        // Writes cut by the crash either failed cleanly or were replayed by the retrying execution strategy once the
        // server was back; either way none may be half-applied or lost once acknowledged.
        await using var db = new NpgsqlConnection(_server.ConnectionString("pulse"));
        await db.OpenAsync();
        await using (var orphans = new NpgsqlCommand(
            "SELECT count(*) FROM users u WHERE u.email LIKE 'load%@acme.test' AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id)", db))
            Assert.Equal(0L, (long)(await orphans.ExecuteScalarAsync())!);
        var stored = new HashSet<string>();
        await using (var list = new NpgsqlCommand("SELECT email FROM users WHERE email LIKE 'load%@acme.test'", db))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) stored.Add(reader.GetString(0));
        Assert.Subset(stored, acknowledged.ToHashSet());

        Assert.Equal(HttpStatusCode.Redirect, await SignInAsync("owner@acme.test"));
    }

    /// <summary>Waits (at most a minute) until <paramref name="done"/>; fails naming the last write errors instead of hanging.</summary>
    private static async Task WaitForWritesAsync(Func<bool> done, Task writer, ConcurrentQueue<string> errors, string when)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!done())
        {
            if (writer.IsCompleted) await writer; // a writer that stopped on its own throws its exception here
            if (DateTime.UtcNow > until)
                Assert.Fail($"No user could be created {when} within 60 s; last errors: {string.Join(" | ", errors.TakeLast(5))}");
            await Task.Delay(50);
        }
    }

    private async Task<HttpStatusCode> SignInAsync(string email)
    {
        var form = await _client.GetStringAsync("/account/login");
        var fields = HiddenInput().Matches(form).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Input.Email"] = email;
        fields["Input.Password"] = new DatabaseOptions().DemoPassword;
        using var response = await _client.PostAsync("/account/login", new FormUrlEncodedContent(fields));
        return response.StatusCode;
    }

    private async Task WaitForReadyzAsync(HttpStatusCode expected, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < until)
        {
            using var response = await _client.GetAsync("/readyz");
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            if (response.StatusCode == expected) return;
            await Task.Delay(250);
        }
        Assert.Fail($"/readyz did not answer {(int)expected} within {timeout.TotalSeconds} s; last: {last}");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await _server.StopAsync();
        TestFolders.TryDelete(_root);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
