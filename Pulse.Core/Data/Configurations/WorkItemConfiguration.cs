using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Core.Data.Entities;

namespace Pulse.Core.Data.Configurations;

internal sealed class WorkItemConfiguration : IEntityTypeConfiguration<WorkItem>
{
    public void Configure(EntityTypeBuilder<WorkItem> builder)
    {
        builder.ToTable("work_items");
        builder.Property(w => w.Key).HasMaxLength(50);
        builder.Property(w => w.ItemType).HasMaxLength(50);
        builder.Property(w => w.Status).HasMaxLength(50);
        builder.Property(w => w.Priority).HasMaxLength(20);
        builder.Property(w => w.Assignee).HasMaxLength(200);
        builder.HasIndex(w => new { w.TenantId, w.Key }).IsUnique();
    }
}
