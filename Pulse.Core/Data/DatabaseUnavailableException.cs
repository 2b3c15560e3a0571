namespace Pulse.Core.Data;

/// <summary>The database cannot be used right now; the message says why in words a person can act on.</summary>
public sealed class DatabaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
