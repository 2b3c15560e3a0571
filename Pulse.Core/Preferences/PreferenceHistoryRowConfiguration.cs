using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Pulse.Core.Preferences;

internal sealed class PreferenceHistoryRowConfiguration : IEntityTypeConfiguration<PreferenceHistoryRow>
{
    public void Configure(EntityTypeBuilder<PreferenceHistoryRow> builder)
    {
        builder.ToTable("tenant_preference_history");
        builder.Property(h => h.ChangedBy).HasMaxLength(256);
        builder.Property(h => h.Changes).HasColumnType("jsonb");
        builder.HasIndex(h => new { h.TenantId, h.Revision }).IsUnique();
    }
}
