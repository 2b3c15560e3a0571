using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Core.Data.Entities;

namespace Pulse.Core.Data.Configurations;

internal sealed class QdrantVectorRefConfiguration : IEntityTypeConfiguration<QdrantVectorRef>
{
    public void Configure(EntityTypeBuilder<QdrantVectorRef> builder)
    {
        builder.ToTable("qdrant_vectors");
        builder.Property(v => v.TableName).HasMaxLength(50);
        builder.Property(v => v.QdrantCollection).HasMaxLength(100);
        builder.Property(v => v.VectorType).HasMaxLength(50);
        builder.Property(v => v.EmbeddingModel).HasMaxLength(100);
        builder.Property(v => v.EmbeddingProvider).HasMaxLength(50);
        builder.Property(v => v.ContentHash).HasMaxLength(64);
        builder.HasIndex(v => new { v.TenantId, v.TableName, v.RecordId, v.VectorType, v.ChunkIndex }).IsUnique();
    }
}
