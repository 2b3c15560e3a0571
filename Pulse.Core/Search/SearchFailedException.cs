namespace Pulse.Core.Search;

/// <summary>
/// A search that could not run for a reason other than its input: the provider failed with no fallback, the
/// budget refused, the collection vanished, the store or the database is down. The message is for people.
/// </summary>
public sealed class SearchFailedException(string message, Exception? innerException = null) : Exception(message, innerException);
