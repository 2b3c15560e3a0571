using Microsoft.EntityFrameworkCore;
using Pulse.Core.Integrations;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Integrations;

/// <summary>Creating, editing and deleting integrations through the service, over a real PostgreSQL database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class IntegrationServiceTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private static readonly Uri Somewhere = new("https://api.example.test");
    private IntegrationsHost _host = null!;

    public async Task InitializeAsync() => _host = await IntegrationsHost.StartAsync(postgres);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_key_is_stored_encrypted_never_listed_never_audited_and_never_logged_but_the_resolver_can_use_it()
    {
        const string secret = "sk-live-DO-NOT-LEAK-7f3a9c1e";
        var id = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("OpenAI", Somewhere) with { SecretChange = SecretChange.Replace, NewSecret = secret });

        var stored = await _host.DumpTableAsync("integrations");
        Assert.DoesNotContain(secret, stored);
        Assert.DoesNotContain("DO-NOT-LEAK", stored);
        await using (var db = _host.Platform())
        {
            var credentials = (await db.Integrations.SingleAsync(i => i.Id == id)).Credentials;
            Assert.Contains(IntegrationCredentialProtector.Purpose, credentials);
            Assert.Contains("CfDJ8", credentials); // a Data Protection payload
        }

        Assert.DoesNotContain(secret, await _host.DumpTableAsync("audit_log"));
        var listed = Assert.Single(await _host.Integrations.ListAsync(), i => i.Id == id);
        Assert.True(listed.CredentialSet);
        Assert.Null(listed.Input.NewSecret);
        Assert.DoesNotContain(secret, listed.ToString());

        var chain = await _host.Resolver.ResolveAsync(_host.TenantA, ProviderSubtype.Embedding, id, CancellationToken.None);
        Assert.Equal(secret, Assert.Single(chain).Credential!.Reveal());
        Assert.DoesNotContain(secret, _host.Logs.AllText);
        Assert.Contains("Integration " + id, _host.Logs.AllText);
    }

    [Fact]
    public async Task A_key_can_be_kept_replaced_or_cleared_but_never_read_back()
    {
        var id = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("OpenAI", Somewhere) with { SecretChange = SecretChange.Replace, NewSecret = "first-key" });
        var input = (await _host.Integrations.ListAsync()).Single(i => i.Id == id).Input;

        await _host.Integrations.UpdateAsync(id, input with { Model = "text-embedding-3-small", SecretChange = SecretChange.Keep });
        Assert.Equal("first-key", await KeyAsync(id));
        await _host.Integrations.UpdateAsync(id, input with { SecretChange = SecretChange.Replace, NewSecret = "second-key" });
        Assert.Equal("second-key", await KeyAsync(id));
        await _host.Integrations.UpdateAsync(id, input with { SecretChange = SecretChange.Clear });
        Assert.Null(await KeyAsync(id));
        Assert.False((await _host.Integrations.ListAsync()).Single(i => i.Id == id).CredentialSet);
    }

    [Fact]
    public async Task A_key_the_key_ring_can_no_longer_decrypt_is_listed_as_unreadable_and_replacing_it_mends_it()
    {
        var id = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Other ring", Somewhere) with { SecretChange = SecretChange.Replace, NewSecret = "sk-readable" });
        Assert.False((await _host.Integrations.ListAsync()).Single(i => i.Id == id).CredentialUnreadable);
        // As if the keys folder were lost: the envelope was made by a key ring this portal does not have.
        var foreign = new IntegrationCredentialProtector(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider()).Protect("sk-from-another-ring");
        await using (var db = _host.Platform())
        {
            (await db.Integrations.SingleAsync(i => i.Id == id)).Credentials = foreign;
            await db.SaveChangesAsync();
        }

        var listed = (await _host.Integrations.ListAsync()).Single(i => i.Id == id);
        Assert.Equal((true, true), (listed.CredentialSet, listed.CredentialUnreadable));
        Assert.Null(Assert.Single(await _host.Resolver.ResolveAsync(_host.TenantA, ProviderSubtype.Embedding, id, CancellationToken.None)).Credential);

        await _host.Integrations.UpdateAsync(id, IntegrationsHost.OpenAi("Other ring", Somewhere) with { SecretChange = SecretChange.Replace, NewSecret = "sk-entered-again" });
        Assert.False((await _host.Integrations.ListAsync()).Single(i => i.Id == id).CredentialUnreadable);
        Assert.Equal("sk-entered-again", Assert.Single(await _host.Resolver.ResolveAsync(_host.TenantA, ProviderSubtype.Embedding, id, CancellationToken.None)).Credential!.Reveal());
    }

    [Theory]
    [InlineData("BaseUrl", "not a url", "is not a valid http(s) URL")]
    [InlineData("BaseUrl", "ftp://files.example.test", "is not a valid http(s) URL")]
    [InlineData("BaseUrl", "https://user:pw@api.example.test", "Do not put a user name or password in the URL")]
    [InlineData("Dimension", "0", "The dimension must be a whole number")]
    [InlineData("BatchSize", "0", "The batch size must be a positive whole number")]
    [InlineData("TimeoutSeconds", "-1", "The timeout must be more than 0")]
    [InlineData("RequestsPerMinute", "0", "Requests per minute must be a positive whole number")]
    [InlineData("PricePer1KInputTokens", "-0.5", "The input price must be 0 or more")]
    [InlineData("Name", "x", "The name must be 2 to 100 characters")]
    public async Task Bad_values_are_refused_with_a_message_naming_the_field(string field, string value, string message)
    {
        var input = IntegrationsHost.OpenAi("Valid name", Somewhere);
        input = field switch
        {
            "BaseUrl" => input with { BaseUrl = value },
            "Dimension" => input with { Dimension = int.Parse(value) },
            "BatchSize" => input with { BatchSize = int.Parse(value) },
            "TimeoutSeconds" => input with { TimeoutSeconds = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            "RequestsPerMinute" => input with { RequestsPerMinute = int.Parse(value) },
            "PricePer1KInputTokens" => input with { PricePer1KInputTokens = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            _ => input with { Name = value },
        };

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Integrations.CreateAsync(input));
        Assert.Contains(message, error.Message);
        Assert.Equal(field, error.Field);
        Assert.Empty(await _host.Integrations.ListAsync());
    }

    [Fact]
    public async Task Azure_needs_a_deployment_and_secrets_are_refused_as_extra_headers()
    {
        var azure = IntegrationsHost.OpenAi("Azure", Somewhere) with { Kind = ProviderKind.AzureOpenAI };
        Assert.Contains("deployment", (await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Integrations.CreateAsync(azure))).Message);
        var gateway = IntegrationsHost.OpenAi("Gateway", Somewhere) with
        {
            Kind = ProviderKind.Gateway, ExtraHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer abc" },
        };
        Assert.Contains("carries credentials", (await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Integrations.CreateAsync(gateway))).Message);
    }

    [Fact]
    public async Task A_fallback_loop_is_refused_and_the_message_names_the_loop()
    {
        var a = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Alpha", Somewhere));
        var b = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Beta", Somewhere, fallback: a));
        var c = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Gamma", Somewhere, fallback: b));

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Integrations.UpdateAsync(a, IntegrationsHost.OpenAi("Alpha", Somewhere, fallback: c)));
        Assert.Contains("Alpha -> Gamma -> Beta -> Alpha", error.Message);
        Assert.Equal("FallbackIntegrationId", error.Field);
        Assert.Contains("cannot fall back to itself",
            (await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Integrations.UpdateAsync(a, IntegrationsHost.OpenAi("Alpha", Somewhere, fallback: a)))).Message);
        var listed = (await _host.Integrations.ListAsync()).Single(i => i.Id == c);
        Assert.Equal(["Gamma", "Beta", "Alpha"], listed.Chain.Select(l => l.Name));
    }

    [Fact]
    public async Task A_fallback_must_have_the_same_subtype_and_for_embeddings_the_same_model_and_dimension()
    {
        var small = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Small 8", Somewhere));
        var other = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Large 16", Somewhere, dimension: 16));
        var llm = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Chat", Somewhere) with { Subtype = ProviderSubtype.Llm, Model = "gpt-4o-mini", Dimension = null });

        var space = await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("New", Somewhere, fallback: other)));
        Assert.Contains("different vector spaces", space.Message);
        Assert.Contains("16 dimensions", space.Message);
        var subtype = await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("New", Somewhere, fallback: llm)));
        Assert.Contains("LLM integration", subtype.Message);

        // Changing the fallback's dimension later would break the chain that relies on it.
        var primary = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Primary 8", Somewhere, fallback: small));
        var edit = await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Integrations.UpdateAsync(small, IntegrationsHost.OpenAi("Small 8", Somewhere, dimension: 32)));
        Assert.Contains("'Primary 8' falls back to this integration", edit.Message);
        Assert.True(primary > 0);
    }

    [Fact]
    public async Task Deleting_is_refused_while_another_integration_falls_back_to_it_or_it_is_the_default_and_allowed_once_unused()
    {
        var lexical = await _host.Integrations.CreateAsync(new IntegrationInput { Name = "Lexical", Kind = ProviderKind.LocalHashing, Dimension = 384 });
        var fallback = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Fallback", Somewhere));
        var primary = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Primary", Somewhere, fallback: fallback));

        var inUse = await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Integrations.DeleteAsync(fallback));
        Assert.Contains("'Primary' falls back to it", inUse.Message);
        var isDefault = await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Integrations.DeleteAsync(lexical));
        Assert.Contains("default embedding integration", isDefault.Message);

        await _host.Integrations.DeleteAsync(primary);
        await _host.Integrations.DeleteAsync(fallback);
        Assert.Equal(["Lexical"], (await _host.Integrations.ListAsync()).Select(i => i.Name));
        await using var db = _host.Platform();
        Assert.Equal(2, await db.AuditLog.CountAsync(e => e.Action == "integration.deleted"));
    }

    [Fact]
    public async Task Deleting_an_integration_the_preferences_name_as_default_is_refused_even_while_it_is_disabled()
    {
        var oldest = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Oldest", Somewhere));
        var chosen = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Chosen", Somewhere));
        var chat = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Chat", Somewhere) with { Subtype = ProviderSubtype.Llm, Model = "gpt-4o-mini", Dimension = null });
        var preferences = _host.Get<Pulse.Core.Preferences.PreferencesService>();
        var snapshot = await preferences.GetAsync();
        var edit = snapshot.Preferences.Clone();
        (edit.DefaultModels.EmbeddingIntegrationId, edit.DefaultModels.LlmIntegrationId) = (chosen, chat);
        await preferences.SaveAsync(edit, snapshot.Revision);

        var embedding = await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Integrations.DeleteAsync(chosen));
        Assert.Equal("'Chosen' is in use: AI preferences name it as the tenant's default embedding integration. Choose another default there first.", embedding.Message);
        var llm = await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Integrations.DeleteAsync(chat));
        Assert.Contains("default LLM integration", llm.Message);

        // Disabled, it no longer serves calls (the oldest enabled one does), but the preference still names it.
        await _host.Integrations.SetActiveAsync(chosen, false);
        Assert.Equal(oldest, Assert.Single(await _host.Resolver.ResolveAsync(_host.TenantA, ProviderSubtype.Embedding, null, CancellationToken.None)).Spec.Id);
        Assert.Contains("AI preferences name it", (await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Integrations.DeleteAsync(chosen))).Message);

        // The oldest is not named, but serves as the default while the chosen one is disabled.
        Assert.Contains("AI preferences choose none, so it serves the tenant's calls",
            (await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Integrations.DeleteAsync(oldest))).Message);

        edit = (await preferences.GetAsync()).Preferences.Clone();
        edit.DefaultModels.EmbeddingIntegrationId = oldest;
        await preferences.SaveAsync(edit, (await preferences.GetAsync()).Revision);
        await _host.Integrations.DeleteAsync(chosen);
        Assert.Equal(["Chat", "Oldest"], (await _host.Integrations.ListAsync()).Select(i => i.Name));
    }

    [Fact]
    public async Task Names_are_unique_within_a_tenant()
    {
        await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Same", Somewhere));
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("same", Somewhere)));
        Assert.Contains("already exists", error.Message);
        _host.ActAs(_host.TenantB);
        await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Same", Somewhere));
    }

    [Fact]
    public async Task A_tenant_cannot_see_change_delete_or_fall_back_to_another_tenants_integration()
    {
        _host.ActAs(_host.TenantB);
        var theirs = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("B's embedder", Somewhere) with { SecretChange = SecretChange.Replace, NewSecret = "b-secret" });

        _host.ActAs(_host.TenantA);
        Assert.Empty(await _host.Integrations.ListAsync());
        await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Integrations.UpdateAsync(theirs, IntegrationsHost.OpenAi("Hijacked", Somewhere)));
        await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Integrations.SetActiveAsync(theirs, false));
        await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Integrations.DeleteAsync(theirs));
        var fallback = await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Mine", Somewhere, fallback: theirs)));
        Assert.Contains("does not exist in this tenant", fallback.Message);
        var test = await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Integrations.TestConnectionAsync(theirs, IntegrationsHost.OpenAi("Probe", Somewhere) with { SecretChange = SecretChange.Keep }));
        Assert.Contains("does not exist", test.Message);
        Assert.Empty(await _host.Resolver.ResolveAsync(_host.TenantA, ProviderSubtype.Embedding, theirs, CancellationToken.None));

        await using var db = _host.Platform();
        var row = await db.Integrations.SingleAsync(i => i.Id == theirs);
        Assert.Equal("B's embedder", row.IntegrationName);
        Assert.True(row.Active);
    }

    [Fact]
    public async Task Only_tenant_owners_and_platform_admins_change_integrations_and_an_admin_must_pick_a_tenant()
    {
        _host.ActAs(_host.TenantA, PulseRoles.Analyst);
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Analyst's", Somewhere)));
        _host.Caller.Current = TestTenantContext.Admin();
        Assert.Contains("Pick a tenant", (await Assert.ThrowsAsync<ValidationFailedException>(() => _host.Integrations.ListAsync())).Message);
        _host.Caller.Current = TestTenantContext.Admin(_host.TenantB);
        var id = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Admin's", Somewhere));
        await using var db = _host.Platform();
        Assert.Equal(_host.TenantB, (await db.Integrations.SingleAsync(i => i.Id == id)).TenantId);
    }

    private async Task<string?> KeyAsync(int id) =>
        (await _host.Resolver.ResolveAsync(_host.TenantA, ProviderSubtype.Embedding, id, CancellationToken.None)).Single().Credential?.Reveal();
}
