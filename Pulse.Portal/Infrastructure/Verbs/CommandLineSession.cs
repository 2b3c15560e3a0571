using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Pulse.Core.Data;
using Pulse.Core.Data.Migrations;
using Pulse.Core.Data.Postgres;
using Pulse.Core.Tenancy;

namespace Pulse.Portal.Infrastructure.Verbs;

/// <summary>
/// The database for a verb that needs the portal's services: the configured primary, or the embedded cluster in the data
/// folder (started here and stopped again when this session started it), connected to the host's <see cref="PulseDatabase"/>
/// with migrations applied as the portal would apply them at start-up.
/// </summary>
public sealed class CommandLineSession : IAsyncDisposable
{
    private readonly EmbeddedPostgresServer? _embedded;

    private CommandLineSession(IServiceProvider services, EmbeddedPostgresServer? embedded) => (Services, _embedded) = (services, embedded);

    public IServiceProvider Services { get; }

    public PulseDatabase Database => Services.GetRequiredService<PulseDatabase>();

    public static async Task<CommandLineSession> OpenAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var embedded = options.UsesEmbeddedServer ? new EmbeddedPostgresServer(options.EmbeddedClusterFolder(), app.Logger) : null;
        var session = new CommandLineSession(app.Services, embedded);
        try
        {
            var primary = embedded is not null ? await embedded.StartAsync(options.EmbeddedDatabase, cancellationToken) : options.Primary!;
            var database = session.Database;
            database.Connect(primary, options.Replica);
            var runner = new MigrationRunner(MigrationCatalog.Embedded, app.Services.GetRequiredService<ILogger<MigrationRunner>>());
            if (options.ApplyMigrationsAtStartup)
                await runner.ApplyAsync(database.Primary, cancellationToken);
            else if ((await runner.StatusAsync(database.Primary, cancellationToken)).FirstOrDefault(s => !s.Applied) is { } pending)
                throw new MigrationException($"Migration {pending.Version:D4}_{pending.Name} is pending and automatic migration is off. Run `migrate up` first.");
            database.SetStatus(DatabaseStatus.Ready, null);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>A database factory acting as <paramref name="caller"/>.</summary>
    public PulseDbContextFactory Contexts(ITenantContext caller) => new(Database, caller);

    /// <summary>Throws <see cref="RefusedException"/> unless tenant <paramref name="tenantId"/> exists and is active.</summary>
    public async Task<string> RequireTenantAsync(int tenantId, CancellationToken cancellationToken)
    {
        await using var db = Contexts(new CommandLineCaller(null)).CreateDbContext();
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tenantId, cancellationToken)
            ?? throw new RefusedException($"Tenant {tenantId} does not exist.");
        return tenant.Active ? tenant.Name : throw new RefusedException($"Tenant {tenantId} ({tenant.Name}) is deactivated.");
    }

    public async ValueTask DisposeAsync()
    {
        // Leave the cluster as found: a running portal keeps it, a one-off command does not.
        if (_embedded is { StartedHere: true }) await _embedded.StopAsync();
    }
}
