using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Pulse.Core.Indexing;

internal sealed class ReconciliationResultConfiguration : IEntityTypeConfiguration<ReconciliationResult>
{
    public void Configure(EntityTypeBuilder<ReconciliationResult> builder)
    {
        builder.ToTable("reconciliation_results");
        builder.HasKey(r => r.TenantId);
        builder.Property(r => r.TenantId).ValueGeneratedNever();
        builder.Property(r => r.CurrentModel).HasMaxLength(200);
        builder.Ignore(r => r.IsClean);
        builder.Ignore(r => r.Summary);
    }
}
