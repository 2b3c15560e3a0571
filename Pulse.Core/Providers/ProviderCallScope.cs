using System.Collections.Concurrent;

namespace Pulse.Core.Providers;

/// <summary>
/// One AI call as a unit of reading: inside a scope, a read that several parts of the call make (the tenant's settings:
/// its chain, its call settings, its cost limits) is made once and its answer shared, including between parts that run
/// at the same time. Outside a scope every read is made afresh. A scope flows with the async call it was begun in; a
/// nested <see cref="Begin"/> joins the outer scope.
/// </summary>
public static class ProviderCallScope
{
    private static readonly AsyncLocal<ConcurrentDictionary<object, Lazy<Task<object>>>?> Reads = new();

    /// <summary>Begins a scope for the current async flow (or joins the one it is already in); dispose it when the call ends.</summary>
    public static Scope Begin()
    {
        if (Reads.Value is not null) return default;
        Reads.Value = new ConcurrentDictionary<object, Lazy<Task<object>>>();
        return new Scope(owner: true);
    }

    /// <summary>
    /// The answer of <paramref name="read"/> for <paramref name="key"/>: read once per scope (a failed read fails every
    /// part of the call that asks), or every time outside a scope.
    /// </summary>
    public static async Task<T> OnceAsync<T>(object key, Func<Task<T>> read) where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        var reads = Reads.Value;
        if (reads is null) return await read().ConfigureAwait(false);
        var shared = reads.GetOrAdd(key, _ => new Lazy<Task<object>>(async () => await read().ConfigureAwait(false)));
        return (T)await shared.Value.ConfigureAwait(false);
    }

    /// <summary>Ends the scope it began (a joined scope ends with its owner).</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly bool _owner;

        internal Scope(bool owner) => _owner = owner;

        /// <inheritdoc />
        public void Dispose()
        {
            if (_owner) Reads.Value = null;
        }
    }
}
