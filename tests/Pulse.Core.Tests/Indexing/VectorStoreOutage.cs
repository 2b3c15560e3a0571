using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.VectorStore;

namespace Pulse.Core.Tests.Indexing;

/// <summary>
/// Fault injection for the vector store: wraps the registered store so that, while <see cref="Down"/> is set, every
/// call fails the way an unreachable Qdrant does (VectorStoreException, Unavailable) and nothing reaches the real store.
/// </summary>
public sealed class VectorStoreOutage
{
    public volatile bool Down;

    /// <summary>Calls refused while down.</summary>
    public int Refused;

    /// <summary>Replaces the container's IVectorStore registration with the wrapped one.</summary>
    public void Wrap(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IVectorStore));
        services.Remove(registered);
        services.AddSingleton(sp =>
        {
            var inner = registered.ImplementationInstance as IVectorStore
                ?? registered.ImplementationFactory?.Invoke(sp) as IVectorStore
                ?? (IVectorStore)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!);
            var proxy = DispatchProxy.Create<IVectorStore, OutageProxy>();
            ((OutageProxy)(object)proxy).Init(inner, this);
            return proxy;
        });
    }

    public class OutageProxy : DispatchProxy
    {
        private IVectorStore _inner = null!;
        private VectorStoreOutage _outage = null!;

        internal void Init(IVectorStore inner, VectorStoreOutage outage) => (_inner, _outage) = (inner, outage);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (!_outage.Down) return targetMethod!.Invoke(_inner, args);
            Interlocked.Increment(ref _outage.Refused);
            var error = new VectorStoreException(VectorStoreErrorKind.Unavailable, "connection refused (127.0.0.1:6333)");
            var returns = targetMethod!.ReturnType;
            if (returns == typeof(Task)) return Task.FromException(error);
            if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>))
                return typeof(Task).GetMethod(nameof(Task.FromException), 1, [typeof(Exception)])!.MakeGenericMethod(returns.GetGenericArguments()[0]).Invoke(null, [error]);
            throw error;
        }
    }
}
