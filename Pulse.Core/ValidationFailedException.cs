namespace Pulse.Core;

/// <summary>Input that breaks a business rule; the message is meant for the person who typed it.</summary>
public sealed class ValidationFailedException(string message, string? field = null) : Exception(message)
{
    /// <summary>The input the message is about, when there is one.</summary>
    public string? Field { get; } = field;
}
