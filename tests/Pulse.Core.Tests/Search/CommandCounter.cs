using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Pulse.Core.Tests.Search;

/// <summary>
/// Records the SQL EF Core sends to one database, from EF's diagnostic events (every DbContext reports there,
/// including ones a service builds itself), so a test can count queries per table.
/// </summary>
internal sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string _database;
    private readonly Func<string?, bool> _application;
    private readonly IDisposable _subscription;
    private readonly List<IDisposable> _listeners = [];
    private readonly ConcurrentQueue<string> _commands = new();

    /// <param name="database">The database whose commands count.</param>
    /// <param name="application">Which connections count, by their Application Name (e.g. only a replica's); null: all.</param>
    public CommandCounter(string database, Func<string?, bool>? application = null)
    {
        _database = database;
        _application = application ?? (_ => true);
        _subscription = DiagnosticListener.AllListeners.Subscribe(this);
    }

    public IReadOnlyList<string> Commands => [.. _commands];

    /// <summary>The SELECTs that read <paramref name="table"/>.</summary>
    public int SelectsFrom(string table) =>
        Commands.Count(c => c.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) && c.Contains($"FROM {table} ", StringComparison.Ordinal));

    public void Clear() => _commands.Clear();

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
            lock (_listeners) _listeners.Add(value.Subscribe(this));
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data
            && data.Command.Connection is { } connection && connection.Database == _database
            && _application(new Npgsql.NpgsqlConnectionStringBuilder(connection.ConnectionString).ApplicationName))
            _commands.Enqueue(data.Command.CommandText);
    }

    public void OnCompleted() { }

    public void OnError(Exception error) { }

    public void Dispose()
    {
        _subscription.Dispose();
        lock (_listeners) _listeners.ForEach(l => l.Dispose());
    }
}
