using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Data.Configurations;
using Pulse.Core.Data.Entities;
using Pulse.Core.Tenancy;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Tenancy;

/// <summary>Tenancy is a security boundary: one tenant's context never reads or changes another tenant's rows.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TenantIsolationTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private PulseDatabase _database = null!;
    private int _a, _b;

    public async Task InitializeAsync()
    {
        _database = new PulseDatabase();
        _database.Connect(await postgres.CreateMigratedDatabaseAsync("tenancy"), null);
        await using var db = Context(TestTenantContext.Admin());
        var a = new Tenant { Name = "Tenant A", Slug = "tenant-a" };
        var b = new Tenant { Name = "Tenant B", Slug = "tenant-b" };
        db.Tenants.AddRange(a, b);
        await db.SaveChangesAsync();
        (_a, _b) = (a.Id, b.Id);
        foreach (var (tenant, name) in new[] { (_a, "A"), (_b, "B") })
        {
            db.Projects.Add(new Project { TenantId = tenant, Key = "P" + name, Name = "Project " + name });
            db.WorkItems.Add(new WorkItem { TenantId = tenant, Key = "W-" + name, Summary = "Item " + name });
            db.PullRequests.Add(new PullRequest { TenantId = tenant, Repository = "repo", Number = 1, Title = "PR " + name });
            db.Integrations.Add(new Integration { TenantId = tenant, IntegrationName = "Embedder " + name, IntegrationSubtype = "embedding", Provider = "local" });
            db.AiUsage.Add(new AiUsageRecord { TenantId = tenant, Provider = "local", Operation = "embedding", Cost = 1.5m });
            db.Hierarchy(HierarchyTables.Religion).Add(new HierarchyNode { TenantId = tenant, Branch = "B" + name, Limb = "L", Leaf = "F" });
        }
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private PulseDbContext Context(ITenantContext tenant) => new PulseDbContextFactory(_database, tenant).CreateDbContext();

    [Fact]
    public async Task A_tenant_user_reads_only_their_own_rows_from_every_tenant_owned_table()
    {
        await using var db = Context(TestTenantContext.User(_a, PulseRoles.Analyst));

        Assert.All(await db.Projects.ToListAsync(), p => Assert.Equal(_a, p.TenantId));
        Assert.Single(await db.Projects.ToListAsync());
        Assert.Single(await db.WorkItems.ToListAsync());
        Assert.Single(await db.PullRequests.ToListAsync());
        Assert.Single(await db.Integrations.ToListAsync());
        Assert.Single(await db.AiUsage.ToListAsync());
        Assert.Single(await db.Hierarchy(HierarchyTables.Religion).ToListAsync());
        Assert.Equal(1.5m, await db.AiUsage.SumAsync(u => u.Cost));
    }

    [Fact]
    public async Task Looking_up_another_tenants_row_by_id_finds_nothing()
    {
        int bProject;
        await using (var admin = Context(TestTenantContext.Admin()))
            bProject = await admin.Projects.Where(p => p.TenantId == _b).Select(p => p.Id).SingleAsync();

        await using var db = Context(TestTenantContext.User(_a));
        Assert.Null(await db.Projects.FindAsync(bProject));
        Assert.Null(await db.Projects.FirstOrDefaultAsync(p => p.Id == bProject));
        Assert.Equal(0, await db.Projects.Where(p => p.TenantId == _b).CountAsync());
    }

    [Fact]
    public async Task Changing_another_tenants_row_is_refused_and_nothing_is_written()
    {
        Project bProject;
        await using (var admin = Context(TestTenantContext.Admin()))
            bProject = await admin.Projects.AsNoTracking().SingleAsync(p => p.TenantId == _b);

        await using (var db = Context(TestTenantContext.User(_a)))
        {
            bProject.Name = "Hijacked";
            db.Projects.Update(bProject);
            await Assert.ThrowsAsync<TenantAccessDeniedException>(() => db.SaveChangesAsync());
        }
        await using (var db = Context(TestTenantContext.User(_a)))
        {
            db.Projects.Remove(new Project { Id = bProject.Id, TenantId = _b });
            await Assert.ThrowsAsync<TenantAccessDeniedException>(() => db.SaveChangesAsync());
        }
        await using var check = Context(TestTenantContext.Admin());
        Assert.Equal("Project B", (await check.Projects.SingleAsync(p => p.Id == bProject.Id)).Name);
    }

    [Fact]
    public async Task Moving_a_row_to_another_tenant_or_adding_one_there_is_refused()
    {
        await using var db = Context(TestTenantContext.User(_a));
        var own = await db.Projects.SingleAsync();
        own.TenantId = _b;
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => db.SaveChangesAsync());

        await using var other = Context(TestTenantContext.User(_a));
        other.WorkItems.Add(new WorkItem { TenantId = _b, Key = "SNEAK-1" });
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => other.SaveChangesAsync());
    }

    [Fact]
    public async Task A_new_row_without_a_tenant_gets_the_callers_tenant()
    {
        await using (var db = Context(TestTenantContext.User(_a)))
        {
            db.Projects.Add(new Project { Key = "NEW", Name = "New" });
            await db.SaveChangesAsync();
        }
        await using var admin = Context(TestTenantContext.Admin());
        Assert.Equal(_a, (await admin.Projects.SingleAsync(p => p.Key == "NEW")).TenantId);
    }

    [Fact]
    public async Task A_context_without_a_tenant_that_is_not_platform_wide_sees_nothing()
    {
        await using var db = Context(new TestTenantContext(null, platformAdmin: false));
        Assert.Empty(await db.Projects.ToListAsync());
        Assert.Empty(await db.AiUsage.ToListAsync());
    }

    [Fact]
    public async Task A_platform_admin_sees_every_tenant_or_only_the_one_they_picked()
    {
        await using (var all = Context(TestTenantContext.Admin()))
            Assert.Equal(2, await all.Projects.CountAsync());
        await using var picked = Context(TestTenantContext.Admin(_b));
        Assert.Equal(_b, (await picked.Projects.SingleAsync()).TenantId);
    }

    [Fact]
    public async Task The_tenant_directory_shows_a_tenant_user_only_their_own_tenant()
    {
        var directory = new TenantDirectory(new PulseDbContextFactory(_database, TestTenantContext.User(_a)), TestTenantContext.User(_a));
        Assert.Equal(["Tenant A"], (await directory.ListAsync()).Select(t => t.Name));
        Assert.Null(await directory.FindAsync(_b));
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => directory.CreateAsync("Evil", "evil"));
    }

    [Fact]
    public async Task A_platform_admin_creates_a_tenant_and_bad_names_are_refused_with_a_message()
    {
        var admin = TestTenantContext.Admin();
        var directory = new TenantDirectory(new PulseDbContextFactory(_database, admin), admin);
        var created = await directory.CreateAsync("Initech", "initech");
        Assert.Equal("initech", created.Slug);

        var duplicate = await Assert.ThrowsAsync<ValidationFailedException>(() => directory.CreateAsync("Initech", "initech"));
        Assert.Contains("already exists", duplicate.Message);
        var badSlug = await Assert.ThrowsAsync<ValidationFailedException>(() => directory.CreateAsync("Bad", "Bad Slug!"));
        Assert.Equal("Slug", badSlug.Field);
    }
}
