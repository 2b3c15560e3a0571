using System.Globalization;

namespace Pulse.Core.VectorStore;

/// <summary>
/// Collection naming (seeds 000 and 004): a tenant's collections are <c>client_{tenant_id}_{name}</c>;
/// names without that prefix are platform collections (seed 002). Names use letters, digits, '_' and '-',
/// which keeps them safe as Qdrant names (up to 255 chars, no '/', NUL...) and as file names.
/// </summary>
public static class CollectionNames
{
    public const string TenantPrefix = "client_";
    public const int MaxLogicalNameLength = 64;
    public const int MaxCollectionNameLength = 255;

    /// <summary>The full name of a tenant's collection; throws <see cref="VectorStoreErrorKind.Validation"/> for a bad name.</summary>
    public static string ForTenant(int tenantId, string logicalName)
    {
        if (tenantId <= 0)
        {
            throw Invalid($"Tenant id {tenantId} is invalid: tenant ids are positive.");
        }

        ValidateLogicalName(logicalName);
        return string.Create(CultureInfo.InvariantCulture, $"{TenantPrefix}{tenantId}_{logicalName}");
    }

    /// <summary>Splits <c>client_{tenant_id}_{name}</c>; false for platform names and malformed tenant names.</summary>
    public static bool TryParseTenant(string? collectionName, out int tenantId, out string logicalName)
    {
        tenantId = 0;
        logicalName = "";
        if (collectionName is null || !collectionName.StartsWith(TenantPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = collectionName.AsSpan(TenantPrefix.Length);
        var separator = rest.IndexOf('_');
        if (separator <= 0 || rest[0] == '0'
            || !int.TryParse(rest[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || LogicalNameProblem(rest[(separator + 1)..].ToString()) is not null)
        {
            return false;
        }

        tenantId = id;
        logicalName = rest[(separator + 1)..].ToString();
        return true;
    }

    /// <summary>True for names without the tenant prefix (the platform-wide collections).</summary>
    public static bool IsPlatform(string collectionName) => !collectionName.StartsWith(TenantPrefix, StringComparison.Ordinal);

    /// <summary>Throws <see cref="VectorStoreException"/> (Validation) with the reason when a full collection name is not acceptable.</summary>
    public static void Validate(string collectionName)
    {
        if (Problem(collectionName) is { } problem)
        {
            throw Invalid(problem);
        }
    }

    /// <summary>Throws <see cref="VectorStoreException"/> (Validation) when a tenant's logical name is not acceptable.</summary>
    public static void ValidateLogicalName(string logicalName)
    {
        if (LogicalNameProblem(logicalName) is { } problem)
        {
            throw Invalid(problem);
        }
    }

    /// <summary>Why a full collection name is not acceptable, or null when it is.</summary>
    public static string? Problem(string? collectionName)
    {
        if (string.IsNullOrEmpty(collectionName))
        {
            return "A collection name is required.";
        }

        if (collectionName.Length > MaxCollectionNameLength)
        {
            return $"Collection name is {collectionName.Length} characters long; the limit is {MaxCollectionNameLength}.";
        }

        if (BadCharacter(collectionName) is { } bad)
        {
            return $"Collection name '{collectionName}' has '{collectionName[bad]}' at position {bad + 1}; use letters, digits, '_' and '-' only.";
        }

        return !IsPlatform(collectionName) && !TryParseTenant(collectionName, out _, out _)
            ? $"Collection name '{collectionName}' starts with '{TenantPrefix}' but is not '{TenantPrefix}{{tenant_id}}_{{name}}' with a 1 to {MaxLogicalNameLength} character name; that prefix is reserved for tenant collections."
            : null;
    }

    private static string? LogicalNameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "A collection name is required.";
        }

        if (name.Length > MaxLogicalNameLength)
        {
            return $"Collection name '{name}' is {name.Length} characters long; use 1 to {MaxLogicalNameLength}.";
        }

        return BadCharacter(name) is { } bad
            ? $"Collection name '{name}' has '{name[bad]}' at position {bad + 1}; use letters, digits, '_' and '-' only."
            : null;
    }

    private static int? BadCharacter(string name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(name[i]) && name[i] is not ('_' or '-'))
            {
                return i;
            }
        }

        return null;
    }

    private static VectorStoreException Invalid(string message) => new(VectorStoreErrorKind.Validation, message);
}
