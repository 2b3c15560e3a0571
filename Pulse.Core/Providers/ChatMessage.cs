namespace Pulse.Core.Providers;

/// <summary>One message of a conversation; roles are OpenAI's (system, user, assistant).</summary>
public sealed record ChatMessage(string Role, string Content)
{
    /// <summary>Instructions for the model.</summary>
    public static ChatMessage System(string content) => new("system", content);

    /// <summary>What the user says.</summary>
    public static ChatMessage User(string content) => new("user", content);

    /// <summary>A previous model answer.</summary>
    public static ChatMessage Assistant(string content) => new("assistant", content);
}
