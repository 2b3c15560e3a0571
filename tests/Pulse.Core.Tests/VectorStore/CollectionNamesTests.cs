using Pulse.Core.VectorStore;

namespace Pulse.Core.Tests.VectorStore;

public sealed class CollectionNamesTests
{
    [Fact]
    public void Tenant_collections_are_named_client_tenant_name_and_parse_back()
    {
        var name = CollectionNames.ForTenant(42, "work_items");

        Assert.Equal("client_42_work_items", name);
        Assert.True(CollectionNames.TryParseTenant(name, out var tenant, out var logical));
        Assert.Equal((42, "work_items"), (tenant, logical));
        Assert.False(CollectionNames.IsPlatform(name));
    }

    [Theory]
    [InlineData("openai_embeddings")]
    [InlineData("client")]
    [InlineData("clients_1_x")]
    public void Names_without_the_tenant_prefix_are_platform_collections(string name)
    {
        Assert.True(CollectionNames.IsPlatform(name));
        Assert.False(CollectionNames.TryParseTenant(name, out _, out _));
        CollectionNames.Validate(name);
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("my docs", "' ' at position 3")]
    [InlineData("docs/evil", "'/' at position 5")]
    [InlineData("client_x_docs", "reserved for tenant collections")]
    [InlineData("client_007_docs", "reserved for tenant collections")]
    [InlineData("client_7_", "reserved for tenant collections")]
    public void Bad_names_are_rejected_with_the_reason(string name, string reason)
    {
        var error = Assert.Throws<VectorStoreException>(() => CollectionNames.Validate(name));

        Assert.Equal(VectorStoreErrorKind.Validation, error.Kind);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Logical_names_are_limited_to_64_safe_characters()
    {
        CollectionNames.ForTenant(1, new string('a', 64));

        Assert.Contains("1 to 64", Assert.Throws<VectorStoreException>(() => CollectionNames.ForTenant(1, new string('a', 65))).Message);
        Assert.Contains("'.'", Assert.Throws<VectorStoreException>(() => CollectionNames.ForTenant(1, "a.b")).Message);
        Assert.Contains("positive", Assert.Throws<VectorStoreException>(() => CollectionNames.ForTenant(0, "a")).Message);
        Assert.Contains("255", Assert.Throws<VectorStoreException>(() => CollectionNames.Validate(new string('p', 256))).Message);
    }
}
