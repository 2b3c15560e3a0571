namespace Pulse.Core.Data.Migrations;

/// <summary>
/// A migration problem that needs a person: an applied migration edited afterwards, a migration
/// missing from this build, or a script that failed. Start-up stops with this message.
/// </summary>
public sealed class MigrationException(string message, Exception? inner = null) : Exception(message, inner);
