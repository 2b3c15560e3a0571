using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Core.Data.Entities;

namespace Pulse.Core.Data.Configurations;

internal sealed class TenantAiConfigurationConfiguration : IEntityTypeConfiguration<TenantAiConfiguration>
{
    public void Configure(EntityTypeBuilder<TenantAiConfiguration> builder)
    {
        builder.ToTable("tenant_ai_configuration");
        builder.Property(p => p.ConfigCategory).HasMaxLength(50);
        builder.Property(p => p.Configuration).HasColumnType("jsonb");
        builder.HasIndex(p => new { p.TenantId, p.ConfigCategory }).IsUnique();
    }
}
