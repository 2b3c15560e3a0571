using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Core.Data.Entities;

namespace Pulse.Core.Data.Configurations;

internal sealed class ContentMetadataConfiguration : IEntityTypeConfiguration<ContentMetadata>
{
    public void Configure(EntityTypeBuilder<ContentMetadata> builder)
    {
        builder.ToTable("content_metadata");
        builder.Property(c => c.HierarchyTable).HasMaxLength(50);
        builder.Property(c => c.ContentType).HasMaxLength(50);
        builder.Property(c => c.Title).HasMaxLength(200);
        builder.Property(c => c.ContentSummary).HasMaxLength(500);
    }
}
