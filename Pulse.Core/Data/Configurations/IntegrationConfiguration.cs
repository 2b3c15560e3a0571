using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Core.Data.Entities;

namespace Pulse.Core.Data.Configurations;

internal sealed class IntegrationConfiguration : IEntityTypeConfiguration<Integration>
{
    public void Configure(EntityTypeBuilder<Integration> builder)
    {
        builder.ToTable("integrations");
        builder.Property(i => i.IntegrationType).HasMaxLength(50);
        builder.Property(i => i.IntegrationSubtype).HasMaxLength(50);
        builder.Property(i => i.Provider).HasMaxLength(50);
        builder.Property(i => i.IntegrationName).HasMaxLength(100);
        foreach (var json in new[] { nameof(Integration.Credentials), nameof(Integration.Configuration), nameof(Integration.ModelConfig),
                     nameof(Integration.PerformanceConfig), nameof(Integration.ProviderMetadata), nameof(Integration.CostConfig) })
            builder.Property(json).HasColumnType("jsonb");
        builder.HasOne<Integration>().WithMany().HasForeignKey(i => i.FallbackIntegrationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(i => i.TenantId);
    }
}
