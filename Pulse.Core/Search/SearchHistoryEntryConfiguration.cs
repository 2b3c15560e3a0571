using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Pulse.Core.Search;

internal sealed class SearchHistoryEntryConfiguration : IEntityTypeConfiguration<SearchHistoryEntry>
{
    public void Configure(EntityTypeBuilder<SearchHistoryEntry> builder)
    {
        builder.ToTable("search_history");
        builder.Property(e => e.QueryText).HasMaxLength(SearchRequest.MaxQueryLength);
        builder.Property(e => e.CollectionName).HasMaxLength(255);
        builder.Property(e => e.Parameters).HasColumnType("jsonb");
        builder.Property(e => e.IntegrationName).HasMaxLength(200);
        builder.Property(e => e.CompareCollectionName).HasMaxLength(255);
        builder.Property(e => e.CompareIntegrationName).HasMaxLength(200);
        builder.Ignore(e => e.IsComparison);
    }
}
