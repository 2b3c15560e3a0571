using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Search;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Search;

/// <summary>Bad input and failures become messages for people, never raw exceptions.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SearchValidationTests(PostgresServerFixture postgres, SearchWorldFixture worlds) : IClassFixture<SearchWorldFixture>
{
    private async Task<(SearchWorld World, string Content)> ArrangeAsync()
    {
        var world = await worlds.GetAsync(postgres);
        return (world, CollectionNames.ForTenant(world.Acme, ContentCollectionBuilder.LogicalName));
    }

    private static async Task<TException> FailsAsync<TException>(SearchWorld world, SearchRequest request, ITenantContext? user = null)
        where TException : Exception
    {
        await using var scope = world.Scope(user ?? world.As("analyst@acme.test"));
        return await Assert.ThrowsAsync<TException>(() => scope.ServiceProvider.GetRequiredService<SearchService>().SearchAsync(request));
    }

    [Fact]
    public async Task A_collection_of_another_dimension_is_refused_with_an_explanation_of_vector_spaces()
    {
        var (world, _) = await ArrangeAsync();
        var wide = CollectionNames.ForTenant(world.Acme, "wide");
        await world.Get<IVectorStore>().CreateCollectionAsync(wide, new CollectionDefinition(768, Distance.Cosine));

        var error = await FailsAsync<ValidationFailedException>(world, new SearchRequest { Query = "baptism", Collection = wide });

        Assert.Contains("holds 768-dimensional vectors", error.Message);
        Assert.Contains("as 384-dimensional vectors", error.Message);
        Assert.Contains("different vector spaces", error.Message);
        Assert.Contains("pulse-lexical-hashing-v1", error.Message);
    }

    [Theory]
    [InlineData("{\"must\": [", "malformed JSON")]
    [InlineData("{\"must\": [{\"key\": \"content_type\"}]}", "$.must[0]")]
    [InlineData("[1, 2]", "Invalid filter at $")]
    public async Task A_malformed_filter_is_refused_with_the_place_of_the_problem(string filter, string expected)
    {
        var (world, content) = await ArrangeAsync();

        var error = await FailsAsync<ValidationFailedException>(world, new SearchRequest { Query = "baptism", Collection = content, FilterJson = filter });

        Assert.StartsWith("The payload filter is not valid.", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.Equal(nameof(SearchRequest.FilterJson), error.Field);
    }

    [Fact]
    public async Task Empty_and_overlong_queries_are_refused_before_anything_is_embedded()
    {
        var (world, content) = await ArrangeAsync();

        var empty = await FailsAsync<ValidationFailedException>(world, new SearchRequest { Query = "   ", Collection = content });
        var overlong = await FailsAsync<ValidationFailedException>(world, new SearchRequest { Query = new string('a', 2001), Collection = content });
        var noCollection = await FailsAsync<ValidationFailedException>(world, new SearchRequest { Query = "x" });
        var badLimit = await FailsAsync<ValidationFailedException>(world, new SearchRequest { Query = "x", Collection = content, Limit = 0 });

        Assert.Equal("Type a query: the search needs some text to embed.", empty.Message);
        Assert.Contains("2,001 characters long; the limit is 2,000", overlong.Message);
        Assert.Equal("Pick a collection to search.", noCollection.Message);
        Assert.Contains("limit must be 1 to 100", badLimit.Message);
    }

    [Fact]
    public async Task A_filter_on_a_field_no_point_has_comes_back_empty_with_a_notice_naming_the_field()
    {
        var (world, content) = await ArrangeAsync();
        await using var scope = world.Scope(world.As("analyst@acme.test"));

        var response = await scope.ServiceProvider.GetRequiredService<SearchService>().SearchAsync(new SearchRequest
        {
            Query = "baptism", Collection = content, FilterJson = """{"must":[{"key":"colour","match":{"value":"red"}}]}""",
        });

        Assert.Empty(response.Hits);
        Assert.Contains("'colour'", response.Notice);
        Assert.Contains("content_type", response.Notice);
    }

    [Fact]
    public async Task A_vanished_collection_and_a_missing_provider_are_clear_failures()
    {
        var (world, content) = await ArrangeAsync();
        var gone = CollectionNames.ForTenant(world.Acme, "gone");

        var vanished = await FailsAsync<SearchFailedException>(world, new SearchRequest { Query = "baptism", Collection = gone });
        var noProvider = await FailsAsync<SearchFailedException>(world, new SearchRequest { Query = "baptism", Collection = content, IntegrationId = 987654 });

        Assert.Equal($"Collection '{gone}' no longer exists (it may have been deleted or renamed). Pick another collection.", vanished.Message);
        Assert.Equal("The query could not be embedded: No embedding provider is configured for this tenant.", noProvider.Message);
    }

    [Fact]
    public async Task The_creation_window_of_the_metadata_preset_leaves_out_older_content()
    {
        var (world, content) = await ArrangeAsync();
        await using (var scope = world.Scope(SystemTenantContext.ForTenant(world.Acme)))
        {
            var db = scope.ServiceProvider.GetRequiredService<Pulse.Core.Data.PulseDbContext>();
            var old = db.Content.Single(c => c.Title == "The Six Articles of Faith");
            old.CreatedAt = DateTimeOffset.UtcNow.AddDays(-200);
            await db.SaveChangesAsync();
        }

        await using var user = world.Scope(world.As("analyst@acme.test"));
        var search = user.ServiceProvider.GetRequiredService<SearchService>();
        var recent = await search.SearchAsync(SearchPresets.SemanticWithMetadata.Request with { Collection = content });
        var anyTime = await search.SearchAsync(SearchPresets.SemanticWithMetadata.Request with { Collection = content, CreatedWithinDays = null });
        var none = await search.SearchAsync(SearchPresets.SemanticWithMetadata.Request with { Collection = content, CreatedWithinDays = 1, Query = "articles of faith" });

        Assert.Equal(3, recent.Hits.Count);
        Assert.DoesNotContain(recent.Hits, h => h.Title == "The Six Articles of Faith");
        Assert.Contains(anyTime.Hits, h => h.Title == "The Six Articles of Faith");
        Assert.DoesNotContain(none.Hits, h => h.Title == "The Six Articles of Faith");
    }

    [Fact]
    public async Task A_budget_that_refuses_stops_the_search_with_the_budget_named()
    {
        var (world, _) = await ArrangeAsync();
        var globexContent = CollectionNames.ForTenant(world.Globex, ContentCollectionBuilder.LogicalName);
        var budget = world.Get<SwitchableBudgetGuard>();
        budget.Refuse(world.Globex);
        try
        {
            var error = await FailsAsync<SearchFailedException>(world, new SearchRequest { Query = "quantum", Collection = globexContent }, world.As("owner@globex.test", PulseRoles.TenantOwner));

            Assert.StartsWith("The search was not run: ", error.Message);
            Assert.Contains("Monthly AI spend", error.Message);
        }
        finally
        {
            budget.Allow(world.Globex);
        }
    }

    [Fact]
    public async Task A_platform_admin_must_pick_a_tenant_before_searching()
    {
        var (world, content) = await ArrangeAsync();

        var error = await FailsAsync<ValidationFailedException>(world, new SearchRequest { Query = "baptism", Collection = content }, world.As("admin@pulse.local", PulseRoles.PlatformAdmin));

        Assert.StartsWith("Pick a tenant first", error.Message);
    }
}
