using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Core.Data.Entities;

namespace Pulse.Core.Data.Configurations;

internal sealed class AiUsageRecordConfiguration : IEntityTypeConfiguration<AiUsageRecord>
{
    public void Configure(EntityTypeBuilder<AiUsageRecord> builder)
    {
        builder.ToTable("ai_usage_tracking");
        builder.Property(u => u.Provider).HasMaxLength(50);
        builder.Property(u => u.Operation).HasMaxLength(50);
        builder.Property(u => u.ModelName).HasMaxLength(100);
        builder.Property(u => u.Cost).HasPrecision(18, 8);
        builder.Property(u => u.Currency).HasMaxLength(3);
        builder.Property(u => u.ErrorCategory).HasMaxLength(50);
        builder.Property(u => u.RequestMetadata).HasColumnType("jsonb");
    }
}
