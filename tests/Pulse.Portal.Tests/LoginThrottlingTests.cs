using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Portal.Infrastructure;

namespace Pulse.Portal.Tests;

/// <summary>
/// The portal's sign-in throttle on a real Kestrel host on loopback, with the portal's own registration and a low limit
/// (the shared portal fixture signs in far more often than a person would, so it runs with the limit raised).
/// </summary>
public sealed class LoginThrottlingTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Pulse:Security:LoginAttemptsPerMinute"] = "3" });
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddPulseLoginThrottling(builder.Configuration);
        _app = builder.Build();
        _app.UseRateLimiter();
        _app.MapPost(LoginThrottling.LoginPath, () => Results.Ok("checked"));
        _app.MapGet(LoginThrottling.LoginPath, () => Results.Ok("form"));
        _app.MapPost("/account/logout", () => Results.Ok("out"));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    [Fact]
    public async Task Sign_in_posts_past_the_limit_get_429_with_a_message_and_retry_after_while_other_requests_pass()
    {
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync(LoginThrottling.LoginPath, new StringContent(""))).StatusCode);

        using var refused = await _client.PostAsync(LoginThrottling.LoginPath, new StringContent(""));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("60", refused.Headers.GetValues("Retry-After").Single());
        Assert.Contains("Too many sign-in attempts", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(LoginThrottling.LoginPath)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync("/account/logout", new StringContent(""))).StatusCode);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }
}
