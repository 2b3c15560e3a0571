namespace Pulse.Core.Tests.VectorStore;

/// <summary>Marks a contract subclass that only runs when <see cref="Name"/> is set (e.g. a real Qdrant URL).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresEnvironmentVariableAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    /// <summary>The skip reason, or null when the variable is set.</summary>
    public static string? SkipReason(string name) => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(name))
        ? $"Set {name} to run these tests against a real server (none is configured)."
        : null;
}
