using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Tests.Tenancy;

/// <summary>Pulse.Core's real DI registration over a test database, with the tenant context a test chooses.</summary>
internal static class CoreServices
{
    public static ServiceProvider Build(string connectionString, ITenantContext tenant, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Primary"] = connectionString,
            ["Pulse:DemoPassword"] = "Test-password-1234",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddPulseCore(configuration);
        services.AddScoped(_ => tenant);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        var database = provider.GetRequiredService<PulseDatabase>();
        database.Connect(connectionString, null);
        database.SetStatus(DatabaseStatus.Ready, null);
        return provider;
    }
}
