using System.Linq.Expressions;
using System.Text;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data.Configurations;
using Pulse.Core.Data.Entities;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Data;

/// <summary>
/// The EF Core model over the SQL schema of Data/Migrations (EF never creates or migrates tables here).
/// Tenant-owned rows are filtered by the tenant context on every query and guarded on every save, so a
/// forgotten <c>where</c> cannot leak or change another tenant's rows.
/// </summary>
public sealed class PulseDbContext(DbContextOptions<PulseDbContext> options, ITenantContext tenant)
    : IdentityDbContext<PulseUser, PulseRole, int>(options)
{
    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<Integration> Integrations => Set<Integration>();
    public DbSet<TenantAiPreference> AiPreferences => Set<TenantAiPreference>();
    public DbSet<TenantAiConfiguration> AiConfigurations => Set<TenantAiConfiguration>();
    public DbSet<AiUsageRecord> AiUsage => Set<AiUsageRecord>();
    public DbSet<QdrantVectorRef> QdrantVectors => Set<QdrantVectorRef>();
    public DbSet<AiLearningMemory> AiLearningMemory => Set<AiLearningMemory>();
    public DbSet<MlPredictionLog> MlPredictionLog => Set<MlPredictionLog>();
    public DbSet<MlAnomalyAlert> MlAnomalyAlerts => Set<MlAnomalyAlert>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<WorkItem> WorkItems => Set<WorkItem>();
    public DbSet<PullRequest> PullRequests => Set<PullRequest>();
    public DbSet<ContentMetadata> Content => Set<ContentMetadata>();

    /// <summary>The tenant context this instance filters by.</summary>
    public ITenantContext TenantContext => tenant;

    /// <summary>One of seed 003's hierarchy tables (see <see cref="HierarchyTables"/>).</summary>
    public DbSet<HierarchyNode> Hierarchy(string table) =>
        HierarchyTables.All.Contains(table) ? Set<HierarchyNode>(table) : throw new ArgumentException($"'{table}' is not a hierarchy table.", nameof(table));

    // Read by the query filters on every query: EF evaluates them against the current instance.
    private bool SeesAllTenants => tenant.IsPlatformAdmin && tenant.TenantId is null;
    private int? ScopedTenantId => tenant.TenantId;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        IdentityConfiguration.Apply(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PulseDbContext).Assembly);
        foreach (var table in HierarchyTables.All)
            builder.SharedTypeEntity<HierarchyNode>(table, e =>
            {
                e.ToTable(table);
                e.Ignore(n => n.Path);
                e.Property(n => n.Branch).HasMaxLength(100);
                e.Property(n => n.Limb).HasMaxLength(100);
                e.Property(n => n.Leaf).HasMaxLength(100);
                e.Property(n => n.Description).HasMaxLength(500);
            });
        UseSnakeCaseColumns(builder);
        foreach (var entityType in builder.Model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType)))
            builder.Entity(entityType.Name).HasQueryFilter(TenantFilter(entityType.ClrType));
    }

    private LambdaExpression TenantFilter(Type clrType)
    {
        var row = Expression.Parameter(clrType, "row");
        var self = Expression.Constant(this);
        var sameTenant = Expression.Equal(
            Expression.Convert(Expression.Property(row, nameof(ITenantOwned.TenantId)), typeof(int?)),
            Expression.Property(self, nameof(ScopedTenantId)));
        return Expression.Lambda(Expression.OrElse(Expression.Property(self, nameof(SeesAllTenants)), sameTenant), row);
    }

    private static void UseSnakeCaseColumns(ModelBuilder builder)
    {
        foreach (var property in builder.Model.GetEntityTypes().SelectMany(t => t.GetProperties()))
            property.SetColumnName(ToSnakeCase(property.Name));
    }

    internal static string ToSnakeCase(string name)
    {
        var result = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                result.Append('_');
            result.Append(char.ToLowerInvariant(name[i]));
        }
        return result.ToString();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardTenantWrites();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardTenantWrites();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void GuardTenantWrites()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State == EntityState.Added && entry.Entity.TenantId == 0)
                entry.Entity.TenantId = tenant.TenantId
                    ?? throw new TenantAccessDeniedException($"A {entry.Metadata.ShortName()} row needs a tenant, and none is selected.");
            if (entry.State is EntityState.Unchanged or EntityState.Detached || SeesAllTenants) continue;
            var original = entry.State == EntityState.Added ? entry.Entity.TenantId : entry.Property(e => e.TenantId).OriginalValue;
            if (original != tenant.TenantId || entry.Entity.TenantId != tenant.TenantId)
                throw new TenantAccessDeniedException($"Access denied: this {entry.Metadata.ShortName()} row belongs to another tenant.");
        }
    }
}
