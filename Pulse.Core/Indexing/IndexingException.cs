namespace Pulse.Core.Indexing;

/// <summary>An indexing request or job that cannot go on; the message is plain words meant for a page.</summary>
public sealed class IndexingException(string message, Exception? innerException = null) : Exception(message, innerException);
