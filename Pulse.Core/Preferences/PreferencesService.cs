using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Preferences;

/// <summary>
/// Reads and saves the AI preferences of the tenant in scope. Everyone in the tenant may read; only tenant owners
/// and platform admins may save. A save names the revision it started from and is refused with
/// <see cref="PreferencesConflictException"/> when someone saved in between; every save records who changed what.
/// </summary>
public sealed class PreferencesService(IPulseDbContextFactory contexts, ITenantContext tenant, TimeProvider clock)
{
    private static readonly JsonSerializerOptions HistoryJson = new(JsonSerializerDefaults.Web);

    /// <summary>True when the caller may save (tenant owners and platform admins).</summary>
    public bool CanEdit => tenant.IsPlatformAdmin || tenant.Roles.Contains(PulseRoles.TenantOwner);

    /// <summary>The preferences of the tenant in scope, with the revision to save from.</summary>
    public async Task<PreferencesSnapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        var tenantId = RequireTenant();
        await using var db = contexts.CreateDbContext();
        var preferences = await PreferencesStore.LoadAsync(db, tenantId, cancellationToken);
        var last = await db.Set<PreferenceHistoryRow>().AsNoTracking().Where(h => h.TenantId == tenantId)
            .OrderByDescending(h => h.Revision).FirstOrDefaultAsync(cancellationToken);
        var options = await PreferencesStore.IntegrationOptionsAsync(db, tenantId, cancellationToken);
        return new PreferencesSnapshot(tenantId, preferences, last?.Revision ?? 0, last?.ChangedBy, last?.ChangedAt, CanEdit, options);
    }

    /// <summary>
    /// Saves <paramref name="edited"/> as the next revision after <paramref name="expectedRevision"/> and returns the new snapshot.
    /// Throws <see cref="TenantAccessDeniedException"/> for readers, <see cref="ValidationFailedException"/> for broken rules
    /// and <see cref="PreferencesConflictException"/> when another save came first.
    /// </summary>
    public async Task<PreferencesSnapshot> SaveAsync(TenantPreferences edited, int expectedRevision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edited);
        var tenantId = RequireTenant();
        if (!CanEdit)
            throw new TenantAccessDeniedException("Only tenant owners and platform admins can change AI preferences; you can read them.");

        await using (var db = contexts.CreateDbContext())
        {
            var options = await PreferencesStore.IntegrationOptionsAsync(db, tenantId, cancellationToken);
            var problems = PreferencesValidator.Validate(edited, options);
            if (problems.Count > 0)
                throw new ValidationFailedException(string.Join(" ", problems.Select(p => p.Message)), problems[0].Field);

            await ThrowIfStaleAsync(db, tenantId, expectedRevision, cancellationToken);
            var stored = await PreferencesStore.LoadAsync(db, tenantId, cancellationToken);
            if (stored.NewerDocument() is { } newer)
                throw new ValidationFailedException(
                    $"These preferences were last saved by a newer version of the portal (the '{newer}' document has a shape this version does not know); "
                    + "saving here would lose what it added. Save them from the newer version.", newer);
            var names = await IntegrationNamesAsync(db, tenantId, cancellationToken);
            var changes = PreferencesDiff.Between(stored, edited, id => id is { } i ? names.GetValueOrDefault(i, $"integration {i}") : "(none)");
            if (changes.Count > 0)
            {
                var now = clock.GetUtcNow();
                await PreferencesStore.StageAsync(db, tenantId, edited, now, cancellationToken);
                db.Set<PreferenceHistoryRow>().Add(new PreferenceHistoryRow
                {
                    TenantId = tenantId,
                    Revision = expectedRevision + 1,
                    UserId = int.TryParse(tenant.UserId, out var userId) ? userId : null,
                    ChangedBy = await UserNameAsync(db, tenant.UserId, cancellationToken),
                    ChangedAt = now,
                    Changes = JsonSerializer.Serialize(changes, HistoryJson),
                });
                AuditWriter.Add(db, "preferences.updated", $"revision {expectedRevision + 1}", new { changes = changes.Count }, tenantId);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
                {
                    // Another save took this revision (or created the documents) between our check and our write.
                    db.ChangeTracker.Clear();
                    await ThrowIfStaleAsync(db, tenantId, expectedRevision, cancellationToken);
                    throw new PreferencesConflictException("another save", clock.GetUtcNow(), expectedRevision);
                }
            }
        }
        return await GetAsync(cancellationToken);
    }

    /// <summary>The newest changes first.</summary>
    public async Task<IReadOnlyList<PreferenceChange>> HistoryAsync(int take = 50, CancellationToken cancellationToken = default)
    {
        var tenantId = RequireTenant();
        await using var db = contexts.CreateReadOnlyDbContext();
        var rows = await db.Set<PreferenceHistoryRow>().Where(h => h.TenantId == tenantId)
            .OrderByDescending(h => h.Revision).Take(take).ToListAsync(cancellationToken);
        return rows.Select(r => new PreferenceChange(r.Revision, r.ChangedBy, r.ChangedAt,
            JsonSerializer.Deserialize<List<FieldChange>>(r.Changes, HistoryJson) ?? [])).ToList();
    }

    private static async Task ThrowIfStaleAsync(PulseDbContext db, int tenantId, int expectedRevision, CancellationToken cancellationToken)
    {
        var newer = await db.Set<PreferenceHistoryRow>().AsNoTracking().Where(h => h.TenantId == tenantId && h.Revision > expectedRevision)
            .OrderByDescending(h => h.Revision).FirstOrDefaultAsync(cancellationToken);
        if (newer is not null) throw new PreferencesConflictException(newer.ChangedBy, newer.ChangedAt, newer.Revision);
    }

    private static async Task<Dictionary<int, string>> IntegrationNamesAsync(PulseDbContext db, int tenantId, CancellationToken cancellationToken) =>
        await db.Integrations.AsNoTracking().Where(i => i.TenantId == tenantId).ToDictionaryAsync(i => i.Id, i => i.IntegrationName, cancellationToken);

    private static async Task<string> UserNameAsync(PulseDbContext db, string? userId, CancellationToken cancellationToken)
    {
        if (!int.TryParse(userId, out var id)) return "system";
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.DisplayName, u.Email }).FirstOrDefaultAsync(cancellationToken);
        return user is null ? $"user {id}" : user.DisplayName is { Length: > 0 } name ? $"{name} ({user.Email})" : user.Email ?? $"user {id}";
    }

    private int RequireTenant() => tenant.TenantId
        ?? throw new TenantAccessDeniedException("Choose a tenant first: AI preferences belong to one tenant.");
}
