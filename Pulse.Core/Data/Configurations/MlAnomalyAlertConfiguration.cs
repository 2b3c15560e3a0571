using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Core.Data.Entities;

namespace Pulse.Core.Data.Configurations;

internal sealed class MlAnomalyAlertConfiguration : IEntityTypeConfiguration<MlAnomalyAlert>
{
    public void Configure(EntityTypeBuilder<MlAnomalyAlert> builder)
    {
        builder.ToTable("ml_anomaly_alerts");
        builder.Property(m => m.ModelName).HasMaxLength(100);
        builder.Property(m => m.Severity).HasMaxLength(20);
        builder.Property(m => m.AlertData).HasColumnType("jsonb");
    }
}
