using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Operations.ApiKeys;
using Pulse.Core.Tenancy;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Operations;

/// <summary>API keys: shown once, stored as a hash, revocable, and confined to their tenant.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ApiKeyServiceTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task A_created_key_is_returned_once_and_only_its_sha256_hash_is_stored()
    {
        await using var host = await OperationsTestHost.StartAsync(postgres);
        var tenantId = await host.CreateTenantAsync("Keys Co");

        var created = await Service(host, tenantId).CreateAsync("CI pipeline");

        Assert.Matches("^pulse_[a-z2-9]{12}_[A-Za-z0-9_-]{43}$", created.Token);
        var secret = created.Token[(6 + 12 + 1)..];
        await using var db = new PulseDbContext(host.Database.PrimaryOptions, SystemTenantContext.Platform);
        var row = await db.Set<ApiKey>().SingleAsync(k => k.Id == created.Key.Id);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), row.SecretHash);
        Assert.Equal(created.Key.Prefix, row.Prefix);
        var stored = string.Join('|', row.Name, row.Prefix, Convert.ToHexString(row.SecretHash), Convert.ToBase64String(row.SecretHash));
        Assert.DoesNotContain(secret, stored);
        var listed = Assert.Single(await Service(host, tenantId).ListAsync());
        Assert.Equal(("CI pipeline", $"pulse_{row.Prefix}_…"), (listed.Name, listed.Hint));
    }

    [Fact]
    public async Task A_key_authenticates_as_its_tenant_until_it_is_revoked()
    {
        await using var host = await OperationsTestHost.StartAsync(postgres);
        var tenantId = await host.CreateTenantAsync("Revoke Co");
        var keys = Service(host, tenantId);
        var created = await keys.CreateAsync("nightly");
        var authenticator = host.Get<ApiKeyAuthenticator>();

        var identity = await authenticator.AuthenticateAsync(created.Token);
        Assert.Equal((tenantId, created.Key.Id), (identity!.TenantId, identity.KeyId));
        Assert.Null(await authenticator.AuthenticateAsync(created.Token[..^2] + "xx"));
        Assert.Null(await authenticator.AuthenticateAsync("pulse_nothing"));

        await keys.RevokeAsync(created.Key.Id);

        Assert.Null(await authenticator.AuthenticateAsync(created.Token));
        Assert.True((await keys.ListAsync()).Single().IsRevoked);
        Assert.NotNull((await keys.ListAsync()).Single().LastUsedAt);
    }

    [Fact]
    public async Task Another_tenants_owner_neither_sees_nor_revokes_the_key()
    {
        await using var host = await OperationsTestHost.StartAsync(postgres);
        var owner = await host.CreateTenantAsync("Owner Co");
        var other = await host.CreateTenantAsync("Other Co");
        var created = await Service(host, owner).CreateAsync("mine");

        var otherKeys = Service(host, other);

        Assert.Empty(await otherKeys.ListAsync());
        await Assert.ThrowsAsync<ValidationFailedException>(() => otherKeys.RevokeAsync(created.Key.Id));
        Assert.NotNull(await host.Get<ApiKeyAuthenticator>().AuthenticateAsync(created.Token));
    }

    [Fact]
    public async Task Analysts_may_not_create_keys_and_active_names_are_unique_per_tenant()
    {
        await using var host = await OperationsTestHost.StartAsync(postgres);
        var tenantId = await host.CreateTenantAsync("Rules Co");

        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => Service(host, tenantId, PulseRoles.Analyst).CreateAsync("sneaky"));
        var keys = Service(host, tenantId);
        var first = await keys.CreateAsync("deploy");
        var duplicate = await Assert.ThrowsAsync<ValidationFailedException>(() => keys.CreateAsync("deploy"));
        Assert.Contains("An active key named \"deploy\" exists", duplicate.Message);
        await keys.RevokeAsync(first.Key.Id);
        Assert.NotEqual(first.Token, (await keys.CreateAsync("deploy")).Token);
    }

    private static ApiKeyService Service(OperationsTestHost host, int tenantId, string role = PulseRoles.TenantOwner)
    {
        var user = TestTenantContext.User(tenantId, role);
        return new ApiKeyService(new PulseDbContextFactory(host.Database, user), user, TimeProvider.System);
    }
}
