using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Search;

/// <summary>One <see cref="SearchWorld"/> per test class, built on first use (the PostgreSQL server comes from the collection fixture).</summary>
public sealed class SearchWorldFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SearchWorld? _world;

    internal async Task<SearchWorld> GetAsync(PostgresServerFixture postgres)
    {
        await _gate.WaitAsync();
        try
        {
            return _world ??= await SearchWorld.CreateAsync(postgres);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_world is not null) await _world.DisposeAsync();
    }
}
