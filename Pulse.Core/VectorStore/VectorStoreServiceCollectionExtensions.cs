using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pulse.Core.VectorStore.Embedded;
using Pulse.Core.VectorStore.Qdrant;

namespace Pulse.Core.VectorStore;

/// <summary>Registers the vector store chosen by configuration.</summary>
public static class VectorStoreServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="VectorStoreOptions"/> from <c>Pulse:VectorStore</c> and registers <see cref="IVectorStore"/> as a
    /// singleton: Qdrant when <c>QdrantUrl</c> is set, otherwise the embedded store at <c>EmbeddedPath</c> or
    /// <c>{dataFolder}/vectors</c>. Also registers the tenant-scoped <see cref="TenantVectorStore"/> that pages use.
    /// </summary>
    public static IServiceCollection AddPulseVectorStore(this IServiceCollection services, IConfiguration configuration, string dataFolder)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<VectorStoreOptions>().Bind(configuration.GetSection(VectorStoreOptions.SectionName));
        services.TryAddSingleton<IVectorStore>(provider => CreateStore(provider, dataFolder));
        services.TryAddScoped<TenantVectorStore>();
        return services;
    }

    private static IVectorStore CreateStore(IServiceProvider provider, string dataFolder)
    {
        var options = provider.GetRequiredService<IOptions<VectorStoreOptions>>().Value;
        var loggers = provider.GetRequiredService<ILoggerFactory>();
        var logger = loggers.CreateLogger(typeof(VectorStoreServiceCollectionExtensions).FullName!);
        if (options.UsesQdrant)
        {
            VectorStoreLog.UsingQdrant(logger, options.QdrantUrl!, string.IsNullOrWhiteSpace(options.ApiKey) ? "not set" : "set");
            return QdrantVectorStore.Create(options, loggers.CreateLogger<QdrantVectorStore>());
        }

        var path = string.IsNullOrWhiteSpace(options.EmbeddedPath) ? Path.Combine(dataFolder, "vectors") : options.EmbeddedPath;
        VectorStoreLog.UsingEmbedded(logger, Path.GetFullPath(path));
        return new EmbeddedVectorStore(path);
    }
}
