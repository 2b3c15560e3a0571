using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Pulse.Portal.Tests.Infrastructure;

/// <summary>
/// The real portal (Program.cs unchanged) with test settings. Settings go in with UseSetting because
/// the portal reads Pulse:DataFolder while its builder is still being configured, before app configuration
/// callbacks would run.
/// </summary>
public sealed class PortalApplicationFactory(IReadOnlyDictionary<string, string?> settings, string environment = "Development") : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
    }
}
