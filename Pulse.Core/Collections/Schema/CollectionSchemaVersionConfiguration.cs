using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Pulse.Core.Collections.Schema;

internal sealed class CollectionSchemaVersionConfiguration : IEntityTypeConfiguration<CollectionSchemaVersion>
{
    public void Configure(EntityTypeBuilder<CollectionSchemaVersion> builder)
    {
        builder.ToTable("collection_schema_versions");
        builder.Property(v => v.CollectionName).HasMaxLength(255);
        builder.Property(v => v.PhysicalName).HasMaxLength(255);
        builder.Property(v => v.SchemaName).HasMaxLength(100);
        builder.Property(v => v.Changes).HasColumnType("jsonb");
        builder.Property(v => v.AppliedByName).HasMaxLength(256);
    }
}
