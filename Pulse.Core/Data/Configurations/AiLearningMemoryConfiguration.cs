using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Core.Data.Entities;

namespace Pulse.Core.Data.Configurations;

internal sealed class AiLearningMemoryConfiguration : IEntityTypeConfiguration<AiLearningMemory>
{
    public void Configure(EntityTypeBuilder<AiLearningMemory> builder)
    {
        builder.ToTable("ai_learning_memory");
        builder.Property(m => m.ErrorType).HasMaxLength(50);
        builder.Property(m => m.LearningContext).HasColumnType("jsonb");
    }
}
