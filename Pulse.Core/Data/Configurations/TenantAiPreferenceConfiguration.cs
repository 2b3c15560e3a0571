using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Core.Data.Entities;

namespace Pulse.Core.Data.Configurations;

internal sealed class TenantAiPreferenceConfiguration : IEntityTypeConfiguration<TenantAiPreference>
{
    public void Configure(EntityTypeBuilder<TenantAiPreference> builder)
    {
        builder.ToTable("tenant_ai_preferences");
        builder.Property(p => p.PreferenceType).HasMaxLength(50);
        builder.Property(p => p.Configuration).HasColumnType("jsonb");
        builder.HasIndex(p => new { p.TenantId, p.PreferenceType }).IsUnique();
    }
}
