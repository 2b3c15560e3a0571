using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Core.Data.Entities;

namespace Pulse.Core.Data.Configurations;

internal sealed class MlPredictionLogConfiguration : IEntityTypeConfiguration<MlPredictionLog>
{
    public void Configure(EntityTypeBuilder<MlPredictionLog> builder)
    {
        builder.ToTable("ml_prediction_log");
        builder.Property(m => m.ModelName).HasMaxLength(100);
        builder.Property(m => m.Severity).HasMaxLength(20);
        builder.Property(m => m.InputFeatures).HasColumnType("jsonb");
    }
}
