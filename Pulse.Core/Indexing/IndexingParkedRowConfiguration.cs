using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Pulse.Core.Indexing;

internal sealed class IndexingParkedRowConfiguration : IEntityTypeConfiguration<IndexingParkedRow>
{
    public void Configure(EntityTypeBuilder<IndexingParkedRow> builder)
    {
        builder.ToTable("indexing_parked_rows");
        builder.Property(r => r.SourceTable).HasMaxLength(63);
        builder.HasIndex(r => new { r.TenantId, r.SourceTable, r.RecordId }).IsUnique();
    }
}
