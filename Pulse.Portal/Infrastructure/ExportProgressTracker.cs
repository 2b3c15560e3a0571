using System.Collections.Concurrent;
using System.Globalization;

namespace Pulse.Portal.Infrastructure;

/// <summary>
/// Progress of the collection exports streaming out of this process, so the page that started a download can show
/// how far it has got while the browser receives the file. An export is found by the user who started it and a
/// token the page chose; another user's token finds nothing. Entries are forgotten an hour after they start.
/// </summary>
public sealed class ExportProgressTracker(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<(string User, string Token), ExportProgress> _exports = new();

    /// <summary>True for a token a page may use: 8 to 64 letters, digits or '-'.</summary>
    public static bool IsToken(string? token) =>
        token is { Length: >= 8 and <= 64 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>Starts tracking an export of <paramref name="total"/> points (the count when it started).</summary>
    public ExportProgress Start(string user, string token, string collection, string format, long total)
    {
        var now = time.GetUtcNow();
        foreach (var old in _exports.Where(e => now - e.Value.StartedAt > Lifetime).Select(e => e.Key).ToList())
        {
            _exports.TryRemove(old, out _);
        }

        var progress = new ExportProgress(collection, format, total, now);
        _exports[(user, token)] = progress;
        return progress;
    }

    /// <summary>The export <paramref name="user"/> started with <paramref name="token"/>; null when there is none (yet).</summary>
    public ExportProgress? Find(string user, string token) => _exports.GetValueOrDefault((user, token));
}

/// <summary>How far one export has got; updated by the export as it writes each page.</summary>
public sealed class ExportProgress(string collection, string format, long total, DateTimeOffset startedAt) : IProgress<long>
{
    private long _written;
    private volatile string? _failure;
    private volatile bool _finished;

    public string Collection { get; } = collection;
    public string Format { get; } = format;

    /// <summary>Points matching when the export started (points added meanwhile may make the export a little longer).</summary>
    public long Total { get; } = total;

    public DateTimeOffset StartedAt { get; } = startedAt;
    public long Written => Interlocked.Read(ref _written);
    public bool Finished => _finished;
    public string? Failure => _failure;
    public bool Ended => _finished || _failure is not null;

    /// <summary>0 to 100; 100 once finished.</summary>
    public double Percent => _finished ? 100 : Total <= 0 ? 0 : Math.Min(99, 100.0 * Written / Total);

    public void Report(long value) => Interlocked.Exchange(ref _written, value);

    public void Finish() => _finished = true;

    public void Fail(string reason) => _failure = reason;

    /// <summary>One sentence for the page.</summary>
    public string Describe()
    {
        var culture = CultureInfo.InvariantCulture;
        var format = Format == "csv" ? "CSV" : "JSON Lines";
        if (_failure is { } failure)
        {
            return string.Format(culture, "The {0} export of {1} stopped after {2:N0} points: {3}", format, Collection, Written, failure);
        }

        return _finished
            ? string.Format(culture, "Export finished: {0:N0} point{1} of {2} written as {3}.", Written, Written == 1 ? "" : "s", Collection, format)
            : string.Format(culture, "Exporting {0} as {1}: {2:N0} of {3:N0} points ({4:0}%).", Collection, format, Written, Total, Percent);
    }
}
