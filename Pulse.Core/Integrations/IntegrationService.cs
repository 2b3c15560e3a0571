using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Providers;
using Pulse.Core.Providers.Resilience;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Integrations;

/// <summary>
/// A tenant's AI integrations: list, create, edit, enable/disable, delete when unused, test a connection. Tenant
/// owners and platform admins (with a tenant picked) may change them. Keys are encrypted before they reach the
/// database and never come back out of this service; audit rows and logs never carry them.
/// </summary>
public sealed partial class IntegrationService(
    IPulseDbContextFactory contexts,
    ITenantContext caller,
    IntegrationCredentialProtector protector,
    IProviderConnectionTester tester,
    CircuitBreakerRegistry breakers,
    ITenantProviderDefaults defaults,
    EmbeddingServerIntegration embeddingServer,
    TimeProvider clock,
    ILogger<IntegrationService> logger)
{
    /// <summary>The tenant's integrations with their chains, breaker states and last-24-hour health.</summary>
    public async Task<IReadOnlyList<IntegrationSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var tenantId = RequireTenant();
        await using var db = contexts.CreateDbContext();
        var rows = await LoadAsync(db, tenantId, cancellationToken);
        await embeddingServer.EnsureAsync(db, tenantId, rows, cancellationToken);
        rows = rows.Where(IntegrationMapping.IsProvider).OrderBy(r => r.IntegrationName, StringComparer.OrdinalIgnoreCase).ToList();
        var specs = rows.ToDictionary(r => r.Id, IntegrationMapping.ToSpec);
        var active = rows.ToDictionary(r => r.Id, r => r.Active);
        var defaultIds = new HashSet<int?>
        {
            await defaults.DefaultIntegrationIdAsync(tenantId, ProviderSubtype.Embedding, cancellationToken),
            await defaults.DefaultIntegrationIdAsync(tenantId, ProviderSubtype.Llm, cancellationToken),
        };
        var health = await IntegrationHealthReader.ReadAsync(db, tenantId, clock.GetUtcNow().AddHours(-24), cancellationToken);
        return rows.Select(row =>
        {
            var preview = FallbackRules.Preview(specs[row.Id], specs, id => active.GetValueOrDefault(id));
            return new IntegrationSummary
            {
                Id = row.Id, Name = row.IntegrationName, Kind = specs[row.Id].Kind, Subtype = specs[row.Id].Subtype, BaseUrl = row.BaseUrl,
                Model = specs[row.Id].Model, Dimension = specs[row.Id].Dimension, Active = row.Active,
                CredentialSet = IntegrationCredentialProtector.HasSecret(row.Credentials),
                CredentialUnreadable = IntegrationCredentialProtector.HasSecret(row.Credentials) && protector.Unprotect(row.Credentials) is null, IsDefault = defaultIds.Contains(row.Id),
                IsManaged = IntegrationMapping.IsManaged(row),
                UsedAsFallbackBy = rows.Where(r => r.FallbackIntegrationId == row.Id).Select(r => r.IntegrationName).ToList(),
                Chain = preview.Links, ChainProblem = preview.Problem, Breaker = breakers.GetSnapshot(row.Id).State,
                Health = health.GetValueOrDefault(row.Id) ?? IntegrationHealth.None, Input = IntegrationMapping.ToInput(row),
                LastUpdatedAt = row.LastUpdatedAt,
            };
        }).ToList();
    }

    /// <summary>The chain the input would give (<paramref name="id"/> null for a new integration), with the reason it would be refused.</summary>
    public async Task<ChainPreview> PreviewChainAsync(int? id, IntegrationInput input, CancellationToken cancellationToken = default)
    {
        var tenantId = RequireTenant();
        await using var db = contexts.CreateReadOnlyDbContext();
        var rows = (await LoadAsync(db, tenantId, cancellationToken)).Where(IntegrationMapping.IsProvider).ToList();
        var specs = rows.ToDictionary(r => r.Id, IntegrationMapping.ToSpec);
        var active = rows.ToDictionary(r => r.Id, r => r.Active);
        active[id ?? 0] = input.Active;
        return FallbackRules.Preview(IntegrationMapping.ToSpec(input, id ?? 0), specs, i => active.GetValueOrDefault(i));
    }

    /// <summary>Creates an integration; returns its id.</summary>
    public Task<int> CreateAsync(IntegrationInput input, CancellationToken cancellationToken = default) =>
        SaveAsync(null, input, cancellationToken);

    /// <summary>Changes an integration (and its key, when <see cref="IntegrationInput.SecretChange"/> says so).</summary>
    public Task UpdateAsync(int id, IntegrationInput input, CancellationToken cancellationToken = default) =>
        SaveAsync(id, input, cancellationToken);

    /// <summary>Enables or disables an integration; a disabled one is skipped by every chain.</summary>
    public async Task SetActiveAsync(int id, bool active, CancellationToken cancellationToken = default)
    {
        var tenantId = RequireOwner();
        await InTenantLockAsync(tenantId, async db =>
        {
            var row = await FindAsync(db, id, cancellationToken);
            row.Active = active;
            row.LastUpdatedAt = clock.GetUtcNow();
            AuditWriter.Add(db, active ? "integration.enabled" : "integration.disabled", row.IntegrationName, new { id });
            await db.SaveChangesAsync(cancellationToken);
            return 0;
        }, cancellationToken);
        breakers.Reset(id);
        LogChanged(logger, tenantId, id, active ? "enabled" : "disabled");
    }

    /// <summary>Deletes an integration that nothing uses: not a fallback of another, not the tenant's default.</summary>
    public async Task DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        var tenantId = RequireOwner();
        await InTenantLockAsync(tenantId, async db =>
        {
            var row = await FindAsync(db, id, cancellationToken);
            var dependants = await db.Integrations.Where(i => i.FallbackIntegrationId == id).Select(i => i.IntegrationName).ToListAsync(cancellationToken);
            if (dependants.Count > 0)
                throw new ValidationFailedException($"'{row.IntegrationName}' is in use: {string.Join(", ", dependants.Select(d => $"'{d}'"))} "
                    + $"{(dependants.Count == 1 ? "falls" : "fall")} back to it. Change {(dependants.Count == 1 ? "that fallback" : "those fallbacks")} first.");
            // Named in the preferences (even while disabled): deleting it would leave the preference pointing at nothing.
            if ((await defaults.ChosenDefaultsAsync(tenantId, cancellationToken)).FirstOrDefault(c => c.Value == id) is { Value: > 0 } chosen)
                throw new ValidationFailedException($"'{row.IntegrationName}' is in use: AI preferences name it as the tenant's default {SubtypeWord(chosen.Key)} integration. "
                    + "Choose another default there first.");
            // Not named, but serving the tenant's calls because no usable default is chosen.
            var subtype = IntegrationMapping.ParseSubtype(row.IntegrationSubtype) ?? ProviderSubtype.Embedding;
            if (await defaults.DefaultIntegrationIdAsync(tenantId, subtype, cancellationToken) == id)
                throw new ValidationFailedException($"'{row.IntegrationName}' is in use: it is the tenant's default {SubtypeWord(subtype)} integration: "
                    + "AI preferences choose none, so it serves the tenant's calls. Choose a default in AI preferences, or disable this integration, first.");
            db.Integrations.Remove(row);
            AuditWriter.Add(db, "integration.deleted", row.IntegrationName, new { id });
            await db.SaveChangesAsync(cancellationToken);
            return 0;
        }, cancellationToken);
        breakers.Reset(id);
        LogChanged(logger, tenantId, id, "deleted");
    }

    /// <summary>
    /// One real call with the configuration as entered (the stored key when the input keeps it). Never throws for a
    /// provider failure: the result says what went wrong.
    /// </summary>
    public async Task<ConnectionTestResult> TestConnectionAsync(int? id, IntegrationInput input, CancellationToken cancellationToken = default)
    {
        var tenantId = RequireOwner();
        IntegrationRules.Check(input);
        ProviderCredential? credential = input.SecretChange == SecretChange.Replace ? new ProviderCredential(input.NewSecret!) : null;
        if (id is int existing && input.SecretChange == SecretChange.Keep)
        {
            await using var db = contexts.CreateReadOnlyDbContext();
            credential = protector.Unprotect((await FindAsync(db, existing, cancellationToken)).Credentials);
        }

        var result = await tester.TestConnectionAsync(IntegrationMapping.ToSpec(input, id ?? 0), credential, cancellationToken);
        LogTested(logger, tenantId, id, result.Success, result.LatencyMs);
        return result;
    }

    private async Task<int> SaveAsync(int? id, IntegrationInput input, CancellationToken cancellationToken)
    {
        var tenantId = RequireOwner();
        IntegrationRules.Check(input);
        var savedId = await InTenantLockAsync(tenantId, async db =>
        {
            var rows = (await LoadAsync(db, tenantId, cancellationToken)).Where(IntegrationMapping.IsProvider).ToList();
            var row = id is int existing ? rows.FirstOrDefault(r => r.Id == existing) ?? throw NotFound() : new Integration { TenantId = tenantId };
            var spec = IntegrationMapping.ToSpec(input, row.Id);
            if (rows.Any(r => r.Id != row.Id && string.Equals(r.IntegrationName, spec.Name, StringComparison.OrdinalIgnoreCase)))
                throw new ValidationFailedException($"An integration named '{spec.Name}' already exists in this tenant.", nameof(input.Name));
            var problem = FallbackRules.Preview(spec, rows.ToDictionary(r => r.Id, IntegrationMapping.ToSpec), _ => true).Problem;
            if (problem is not null) throw new ValidationFailedException(problem, nameof(input.FallbackIntegrationId));

            IntegrationMapping.Apply(spec, input.Active, row);
            row.Credentials = input.SecretChange switch
            {
                SecretChange.Replace => protector.Protect(input.NewSecret!),
                SecretChange.Clear => "{}",
                _ => row.Credentials,
            };
            if (row.Id == 0) db.Integrations.Add(row);
            await db.SaveChangesAsync(cancellationToken);
            // The audit row names what changed about the key, never the key.
            AuditWriter.Add(db, id is null ? "integration.created" : "integration.updated", row.IntegrationName,
                new { id = row.Id, provider = row.Provider, subtype = row.IntegrationSubtype, fallback = row.FallbackIntegrationId, active = row.Active, key = input.SecretChange.ToString().ToLowerInvariant() });
            await db.SaveChangesAsync(cancellationToken);
            return row.Id;
        }, cancellationToken);
        breakers.Reset(savedId);
        LogChanged(logger, tenantId, savedId, id is null ? "created" : "updated");
        return savedId;
    }

    // One writer per tenant at a time: two concurrent edits (A -> B and B -> A) must not both pass the loop check.
    private async Task<T> InTenantLockAsync<T>(int tenantId, Func<PulseDbContext, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(4004, {tenantId})", cancellationToken);
                var result = await work(db);
                await transaction.CommitAsync(cancellationToken);
                return result;
            });
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new ValidationFailedException("An integration with that name already exists in this tenant.", "Name");
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation })
        {
            throw new ValidationFailedException("The integration is still referenced elsewhere; remove the reference first.");
        }
    }

    private static Task<List<Integration>> LoadAsync(PulseDbContext db, int tenantId, CancellationToken cancellationToken) =>
        db.Integrations.Where(i => i.TenantId == tenantId).OrderBy(i => i.Id).ToListAsync(cancellationToken);

    private static async Task<Integration> FindAsync(PulseDbContext db, int id, CancellationToken cancellationToken) =>
        await db.Integrations.FirstOrDefaultAsync(i => i.Id == id && i.IntegrationType == IntegrationMapping.AiProviderType, cancellationToken) ?? throw NotFound();

    private static ValidationFailedException NotFound() => new("That integration does not exist in this tenant (it may have been deleted).");

    private static string SubtypeWord(ProviderSubtype subtype) => subtype == ProviderSubtype.Llm ? "LLM" : "embedding";

    private int RequireTenant() => caller.TenantId
        ?? throw new ValidationFailedException("Pick a tenant first: integrations belong to one tenant.");

    private int RequireOwner()
    {
        if (!caller.IsPlatformAdmin && !caller.Roles.Contains(PulseRoles.TenantOwner))
            throw new TenantAccessDeniedException("Only tenant owners and platform admins can change integrations.");
        return RequireTenant();
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Integration {IntegrationId} of tenant {TenantId} {Change}")]
    private static partial void LogChanged(ILogger logger, int tenantId, int integrationId, string change);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Connection test of integration {IntegrationId} for tenant {TenantId}: success {Success} in {LatencyMs} ms")]
    private static partial void LogTested(ILogger logger, int tenantId, int? integrationId, bool success, long latencyMs);
}
