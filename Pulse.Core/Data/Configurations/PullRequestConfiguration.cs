using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pulse.Core.Data.Entities;

namespace Pulse.Core.Data.Configurations;

internal sealed class PullRequestConfiguration : IEntityTypeConfiguration<PullRequest>
{
    public void Configure(EntityTypeBuilder<PullRequest> builder)
    {
        builder.ToTable("pull_requests");
        builder.Property(p => p.Repository).HasMaxLength(200);
        builder.Property(p => p.Author).HasMaxLength(200);
        builder.Property(p => p.State).HasMaxLength(20);
        builder.HasIndex(p => new { p.TenantId, p.Repository, p.Number }).IsUnique();
    }
}
