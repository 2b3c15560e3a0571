namespace Pulse.Core.Collections.Schema;

/// <summary>Whom a schema's collections belong to.</summary>
public enum CollectionSchemaScope
{
    /// <summary>Platform-wide collections, named as declared (seed 002's model collections).</summary>
    Platform,

    /// <summary>A template applied per tenant: each name becomes <c>client_{tenant_id}_{name}</c>.</summary>
    Tenant,
}
