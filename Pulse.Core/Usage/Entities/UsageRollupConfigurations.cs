using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Pulse.Core.Usage.Entities;

internal sealed class UsageDailyRowConfiguration : IEntityTypeConfiguration<UsageDailyRow>
{
    public void Configure(EntityTypeBuilder<UsageDailyRow> builder)
    {
        builder.ToTable("ai_usage_daily");
        // Whole days are deleted and re-inserted by the rollup; no row is ever addressed by a key.
        builder.HasNoKey();
        builder.Property(r => r.Provider).HasMaxLength(50);
        builder.Property(r => r.ModelName).HasMaxLength(100);
        builder.Property(r => r.Operation).HasMaxLength(50);
        builder.Property(r => r.Cost).HasPrecision(24, 8);
    }
}

internal sealed class UsageRollupMarkerConfiguration : IEntityTypeConfiguration<UsageRollupMarker>
{
    public void Configure(EntityTypeBuilder<UsageRollupMarker> builder) => builder.ToTable("ai_usage_rollup_pending");
}

internal sealed class UsageRollupStateConfiguration : IEntityTypeConfiguration<UsageRollupState>
{
    public void Configure(EntityTypeBuilder<UsageRollupState> builder) => builder.ToTable("ai_usage_rollup_state");
}
