using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Pulse.Core.Indexing;

internal sealed class IndexingJobConfiguration : IEntityTypeConfiguration<IndexingJob>
{
    public void Configure(EntityTypeBuilder<IndexingJob> builder)
    {
        builder.ToTable("indexing_jobs");
        builder.Property(j => j.SourceTable).HasMaxLength(63);
        builder.Property(j => j.CollectionName).HasMaxLength(255);
        builder.Property(j => j.State).HasMaxLength(20);
        builder.Property(j => j.Phase).HasMaxLength(20);
        builder.Property(j => j.RequestedBy).HasMaxLength(200);
        builder.Property(j => j.EmbeddingModel).HasMaxLength(100);
        builder.Property(j => j.EmbeddingProvider).HasMaxLength(50);
    }
}
