namespace Pulse.Core.Integrations;

/// <summary>What an edit does to the stored API key, which is never read back.</summary>
public enum SecretChange
{
    /// <summary>Leave the stored key (or its absence) as it is.</summary>
    Keep,

    /// <summary>Store the new key given with the edit.</summary>
    Replace,

    /// <summary>Remove the stored key.</summary>
    Clear,
}
