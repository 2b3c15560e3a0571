namespace Pulse.Core.Collections.Schema;

/// <summary>A schema rebuild that stopped before its alias switch (the provider failed, a job was cancelled...); the alias still points at the old collection.</summary>
public sealed class CollectionRebuildException(string message, Exception? innerException = null) : Exception(message, innerException);
