using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pulse.Core.Data;
using Pulse.Core.Data.Configurations;
using Pulse.Core.Data.Entities;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Demo;

/// <summary>
/// Seeds the demo: two tenants, one user per role, seed 003's hierarchy and content, and a few projects,
/// work items and pull requests per tenant. Idempotent: every row is looked up by its natural key first.
/// </summary>
public sealed partial class DemoSeeder(
    PulseDatabase database,
    UserManager<PulseUser> users,
    RoleManager<PulseRole> roles,
    PulseDbContext identityDb,
    IOptions<DatabaseOptions> options,
    IEnumerable<IDemoSeedStep> steps,
    ILogger<DemoSeeder> logger)
{
    /// <summary>Runs every seeding step; safe to run on every start.</summary>
    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        foreach (var role in PulseRoles.All)
            if (!await roles.RoleExistsAsync(role)) Check(await roles.CreateAsync(new PulseRole(role)), role);

        await using var db = new PulseDbContext(database.PrimaryOptions, SystemTenantContext.Platform);
        var tenants = new Dictionary<string, int>();
        foreach (var (name, slug) in DemoData.Tenants)
        {
            var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Slug == slug, cancellationToken);
            if (tenant is null) db.Tenants.Add(tenant = new Tenant { Name = name, Slug = slug });
            await db.SaveChangesAsync(cancellationToken);
            tenants[slug] = tenant.Id;
            await SeedTenantAsync(db, tenant.Id, cancellationToken);
        }
        foreach (var (email, role, slug, display) in DemoData.Users)
            await SeedUserAsync(email, role, slug is null ? null : tenants[slug], display);
        foreach (var step in steps.OrderBy(s => s.Order))
            await step.SeedAsync(tenants, cancellationToken);
        LogSeeded(tenants.Count, DemoData.Users.Length);
    }

    private async Task SeedUserAsync(string email, string role, int? tenantId, string displayName)
    {
        if (await users.FindByEmailAsync(email) is not null) return;
        var user = new PulseUser { UserName = email, Email = email, EmailConfirmed = true, TenantId = tenantId, DisplayName = displayName };
        Check(await UserCreation.CreateWithRoleAsync(identityDb, users, user, options.Value.DemoPassword, role, CancellationToken.None), email);
    }

    private static async Task SeedTenantAsync(PulseDbContext db, int tenantId, CancellationToken cancellationToken)
    {
        var leaves = new Dictionary<string, int>();
        foreach (var (table, rows) in new[] { (HierarchyTables.Religion, DemoData.Religion), (HierarchyTables.Science, DemoData.Science) })
        {
            var set = db.Hierarchy(table);
            foreach (var (branch, limb, leaf, description) in rows)
            {
                var node = await set.FirstOrDefaultAsync(n => n.TenantId == tenantId && n.Branch == branch && n.Limb == limb && n.Leaf == leaf, cancellationToken);
                if (node is null) set.Add(node = new HierarchyNode { TenantId = tenantId, Branch = branch, Limb = limb, Leaf = leaf, Description = description });
                await db.SaveChangesAsync(cancellationToken);
                leaves[$"{table}:{limb}/{leaf}"] = node.Id;
            }
        }
        foreach (var (table, leaf, type, title, summary, chunk) in DemoData.Content)
        {
            var leafId = leaves[$"{table}:{leaf}"];
            if (await db.Content.AnyAsync(c => c.TenantId == tenantId && c.HierarchyTable == table && c.LeafId == leafId && c.ContentType == type && c.ChunkNumber == chunk, cancellationToken))
                continue;
            db.Content.Add(new ContentMetadata
            {
                TenantId = tenantId, HierarchyTable = table, LeafId = leafId, ContentType = type, Title = title,
                ContentSummary = summary, ChunkNumber = chunk, WordCount = summary.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length,
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        await SeedEngineeringAsync(db, tenantId, cancellationToken);
    }

    private static async Task SeedEngineeringAsync(PulseDbContext db, int tenantId, CancellationToken cancellationToken)
    {
        var projects = new Dictionary<string, int>();
        foreach (var (key, name, description) in DemoData.Projects)
        {
            var project = await db.Projects.FirstOrDefaultAsync(p => p.TenantId == tenantId && p.Key == key, cancellationToken);
            if (project is null) db.Projects.Add(project = new Project { TenantId = tenantId, Key = key, Name = name, Description = description });
            await db.SaveChangesAsync(cancellationToken);
            projects[key] = project.Id;
        }
        var counter = new Dictionary<string, int>();
        foreach (var (projectKey, summary, description, type, status, priority) in DemoData.WorkItems)
        {
            counter[projectKey] = counter.GetValueOrDefault(projectKey) + 1;
            var key = $"{projectKey}-{counter[projectKey]}";
            if (await db.WorkItems.AnyAsync(w => w.TenantId == tenantId && w.Key == key, cancellationToken)) continue;
            db.WorkItems.Add(new WorkItem
            {
                TenantId = tenantId, ProjectId = projects[projectKey], Key = key, Summary = summary, Description = description,
                ItemType = type, Status = status, Priority = priority, StoryPoints = summary.Length % 8 + 1,
            });
        }
        var number = 100;
        foreach (var (repository, title, description, author, state) in DemoData.PullRequests)
        {
            number++;
            if (await db.PullRequests.AnyAsync(p => p.TenantId == tenantId && p.Repository == repository && p.Number == number, cancellationToken)) continue;
            db.PullRequests.Add(new PullRequest
            {
                TenantId = tenantId, ProjectId = projects[repository.EndsWith("web") ? "WEB" : "PLAT"], Repository = repository, Number = number,
                Title = title, Description = description, Author = author, State = state,
                MergedAt = state == "merged" ? DateTimeOffset.UtcNow.AddDays(-number % 7) : null,
            });
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Seeding {what} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Demo data present: {Tenants} tenants, {Users} users")]
    private partial void LogSeeded(int tenants, int users);
}
