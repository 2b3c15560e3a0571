using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Core.Data.Entities;

namespace Pulse.Core.Data.Configurations;

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.ToTable("projects");
        builder.Property(p => p.Key).HasMaxLength(50);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.HasIndex(p => new { p.TenantId, p.Key }).IsUnique();
    }
}
