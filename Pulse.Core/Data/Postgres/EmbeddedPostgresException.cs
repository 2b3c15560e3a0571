namespace Pulse.Core.Data.Postgres;

/// <summary>The local PostgreSQL cluster could not be created, started or stopped; the message says which step and why.</summary>
public sealed class EmbeddedPostgresException(string message, Exception? inner = null) : Exception(message, inner);
