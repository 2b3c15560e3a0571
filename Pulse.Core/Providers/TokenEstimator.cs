namespace Pulse.Core.Providers;

/// <summary>
/// Token counts for providers that report none. The common rule of thumb for BPE tokenisers on
/// English (about four characters per token) is close enough for budgets; rows carry an
/// "estimated" flag so nobody mistakes it for a bill.
/// </summary>
public static class TokenEstimator
{
    /// <summary>Estimated BPE tokens of one text (at least one for a non-empty text).</summary>
    public static int EstimateTokens(string? text) =>
        string.IsNullOrEmpty(text) ? 0 : Math.Max(1, (text.Length + 3) / 4);

    /// <summary>Estimated BPE tokens of several texts.</summary>
    public static int EstimateTokens(IEnumerable<string> texts) => texts.Sum(EstimateTokens);

    /// <summary>Words in a text: what the lexical embedder "spends".</summary>
    public static int CountWords(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var isWordChar = char.IsLetterOrDigit(c);
            if (isWordChar && !inWord)
            {
                words++;
            }

            inWord = isWordChar;
        }

        return words;
    }
}
