using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Pulse.Core.Preferences;

/// <summary>Registers the tenant AI preferences and budgets module; called by <see cref="PulseCoreServiceCollectionExtensions.AddPulseCore"/>.</summary>
public static class PreferencesServiceCollectionExtensions
{
    public static IServiceCollection AddPulsePreferences(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }
}
