using System.Diagnostics;

namespace Pulse.Core.Providers;

/// <summary>
/// A decrypted API key, held only for the duration of a call. It prints, serialises and
/// debugs as <c>[redacted]</c>; the only way to the secret is <see cref="Reveal"/>, which the
/// provider clients call when they set the request header.
/// </summary>
[DebuggerDisplay("[redacted]")]
public sealed class ProviderCredential
{
    /// <summary>What every textual form of a credential shows instead of the secret.</summary>
    public const string Redacted = "[redacted]";

    private readonly string _secret;

    /// <summary>Wraps a decrypted key; blank keys are refused so a missing secret fails early and clearly.</summary>
    public ProviderCredential(string secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            throw new ArgumentException("The API key is empty.", nameof(secret));
        }

        _secret = secret.Trim();
    }

    /// <summary>The secret itself. Call it only where the key goes onto the wire.</summary>
    public string Reveal() => _secret;

    /// <summary>Replaces every occurrence of the secret in <paramref name="text"/> (e.g. an echoed provider error).</summary>
    public string RedactFrom(string text) =>
        string.IsNullOrEmpty(text) ? text : text.Replace(_secret, Redacted, StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Redacted;
}
