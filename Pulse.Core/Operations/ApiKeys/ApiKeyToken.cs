using System.Security.Cryptography;
using System.Text;

namespace Pulse.Core.Operations.ApiKeys;

/// <summary>
/// The key format <c>pulse_{prefix}_{secret}</c>: a 12-character public prefix for lookup and a 256-bit random secret
/// (base64url). Only SHA-256 of the secret is stored; a high-entropy secret needs no slow hash.
/// </summary>
public static class ApiKeyToken
{
    public const string Scheme = "pulse";
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    /// <summary>A new prefix, secret and the full token.</summary>
    public static (string Prefix, string Secret, string Token) Generate()
    {
        var prefix = RandomNumberGenerator.GetString(Alphabet, 12);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (prefix, secret, $"{Scheme}_{prefix}_{secret}");
    }

    /// <summary>SHA-256 of the secret part.</summary>
    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>Splits a presented token; false when it is not shaped like one of ours.</summary>
    public static bool TryParse(string? token, out string prefix, out string secret)
    {
        prefix = secret = "";
        if (string.IsNullOrEmpty(token) || token.Length > 200 || !token.StartsWith(Scheme + "_", StringComparison.Ordinal)) return false;
        var rest = token[(Scheme.Length + 1)..];
        var separator = rest.IndexOf('_');
        if (separator != 12 || rest.Length < 14) return false;
        (prefix, secret) = (rest[..separator], rest[(separator + 1)..]);
        return prefix.All(Alphabet.Contains);
    }
}
