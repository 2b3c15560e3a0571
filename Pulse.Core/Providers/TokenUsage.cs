namespace Pulse.Core.Providers;

/// <summary>
/// Tokens a call used. <see cref="Estimated"/> is true when the provider reported none and the
/// counts come from <see cref="TokenEstimator"/>, so charts can say so.
/// </summary>
public sealed record TokenUsage(int InputTokens, int OutputTokens, int TotalTokens, bool Estimated)
{
    /// <summary>No tokens (a failed call).</summary>
    public static TokenUsage None { get; } = new(0, 0, 0, false);

    /// <summary>Usage as the provider reported it; a missing total is the sum.</summary>
    public static TokenUsage Reported(int input, int output, int? total = null) =>
        new(input, output, total ?? input + output, false);

    /// <summary>Usage we counted ourselves.</summary>
    public static TokenUsage Estimate(int input, int output = 0) => new(input, output, input + output, true);

    /// <summary>Sums the usage of sub-batches; estimated if any part was.</summary>
    public TokenUsage Add(TokenUsage other) => new(
        InputTokens + other.InputTokens,
        OutputTokens + other.OutputTokens,
        TotalTokens + other.TotalTokens,
        Estimated || other.Estimated);
}
