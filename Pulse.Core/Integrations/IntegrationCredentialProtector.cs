using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Pulse.Core.Providers;

namespace Pulse.Core.Integrations;

/// <summary>
/// Encrypts API keys for <c>integrations.credentials</c> with ASP.NET Core Data Protection. The column holds an
/// envelope (<c>{"format":..., "purpose":..., "api_key":"CfDJ8..."}</c>), never the key; <c>{}</c> means no key.
/// </summary>
public sealed class IntegrationCredentialProtector(IDataProtectionProvider provider)
{
    /// <summary>The Data Protection purpose: keys protected for anything else cannot be read here, and the other way round.</summary>
    public const string Purpose = "Pulse.Integrations.Credentials.v1";

    private const string Format = "aspnet-data-protection";
    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    /// <summary>The envelope stored for <paramref name="secret"/>.</summary>
    public string Protect(string secret)
    {
        if (string.IsNullOrWhiteSpace(secret)) throw new ValidationFailedException("Enter the API key, or choose to keep or clear the stored one.", "Secret");
        var envelope = new JsonObject
        {
            ["format"] = Format,
            ["purpose"] = Purpose,
            ["api_key"] = _protector.Protect(secret.Trim()),
        };
        return envelope.ToJsonString();
    }

    /// <summary>True when the envelope holds a key.</summary>
    public static bool HasSecret(string? envelope) => ReadCiphertext(envelope) is not null;

    /// <summary>The key, or null when none is stored or it can no longer be decrypted (its Data Protection key was lost).</summary>
    public ProviderCredential? Unprotect(string? envelope)
    {
        var ciphertext = ReadCiphertext(envelope);
        if (ciphertext is null) return null;
        try
        {
            return new ProviderCredential(_protector.Unprotect(ciphertext));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static string? ReadCiphertext(string? envelope)
    {
        if (string.IsNullOrWhiteSpace(envelope)) return null;
        try
        {
            using var document = JsonDocument.Parse(envelope);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("api_key", out var key) && key.ValueKind == JsonValueKind.String
                && key.GetString() is { Length: > 0 } value ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
