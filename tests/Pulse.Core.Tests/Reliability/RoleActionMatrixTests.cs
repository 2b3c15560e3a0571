using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pulse.Core.Collections;
using Pulse.Core.Collections.Schema;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Indexing;
using Pulse.Core.Integrations;
using Pulse.Core.Operations.ApiKeys;
using Pulse.Core.Preferences;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;
using Pulse.Core.Tests.Integrations;
using Pulse.Core.Tests.Tenancy;
using Pulse.Core.Usage;
using Pulse.Core.Usage.Alerts;
using Pulse.Core.Usage.Export;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Filters;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Reliability;

/// <summary>
/// The service side of the role matrix: every action a page offers (every public Pulse.Core service method that changes
/// something, exports, or runs a costly check) is called by each of the four roles inside its own tenant, as a forged
/// request from a circuit whose page hid the control would call it. Exactly the roles DESIGN.md's table gives the action
/// get past the gate; every other role is refused with "access denied" and the tenant is byte-for-byte unchanged.
/// The expected sets are written out by hand; the action list is found by reflection, so a new action without a row fails.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RoleActionMatrixTests(PostgresServerFixture postgres, RoleActionMatrixTests.WorldFixture fixture)
    : IClassFixture<RoleActionMatrixTests.WorldFixture>
{
    private const string Admin = PulseRoles.PlatformAdmin;
    private const string Owner = PulseRoles.TenantOwner;
    private const string Analyst = PulseRoles.Analyst;
    private const string Ops = PulseRoles.Ops;

    private static readonly string[] Owners = [Admin, Owner];
    private static readonly string[] Operators = [Admin, Ops];
    private static readonly string[] Everyone = [Admin, Owner, Analyst, Ops];

    /// <summary>Verbs that name an action (a change, an export, a costly run) rather than a read.</summary>
    private static readonly string[] ActionVerbs =
    [
        "Create", "Update", "Delete", "Drop", "Set", "Save", "Start", "Pause", "Resume", "Cancel", "Retry", "Reconcile", "Repair", "Apply",
        "Restore", "Switch", "Revoke", "Acknowledge", "Reset", "Export", "Write", "Run", "Test", "Evaluate", "Open", "Lock",
    ];

    /// <summary>Action-named methods that no page offers to a user, and why they need no row.</summary>
    private static readonly Dictionary<string, string> NotUserActions = new()
    {
        ["UsageAlertService.EvaluateAsync"] = "run by the usage rollup job as the system, per tenant",
        ["UsageAlertService.EvaluateAllAsync"] = "run by the usage rollup job as the system",
    };

    /// <summary>Per-caller types that are plumbing under the services, not something a page calls as an action.</summary>
    private static readonly Dictionary<Type, string> Plumbing = new()
    {
        [typeof(PulseDbContext)] = "the data context: tenant-filtered, roles are the services' business",
        [typeof(PulseDbContextFactory)] = "makes data contexts",
        [typeof(TenantVectorStore)] = "the tenant gate of the vector store; pages reach it through CollectionAdministration and CollectionBrowser",
    };

    /// <summary>"Type.Method" -> the roles allowed, and how to arrange and call it (arranged as the platform admin, called as the role).</summary>
    private static readonly Dictionary<string, (string[] Allowed, Func<World, Task<Func<Caller, Task>>> Arrange)> Actions = new()
    {
        // Tenant owner: providers and fallbacks, preferences and budgets, API keys, spend
        ["IntegrationService.CreateAsync"] = (Owners, _ => Act(c => c.Get<IntegrationService>().CreateAsync(Embedder("New " + Guid.NewGuid().ToString("N")[..8])))),
        ["IntegrationService.UpdateAsync"] = (Owners, async w => { var id = await w.NewIntegrationAsync(); return c => c.Get<IntegrationService>().UpdateAsync(id, Embedder("Renamed " + id)); }),
        ["IntegrationService.SetActiveAsync"] = (Owners, async w => { var id = await w.NewIntegrationAsync(); return c => c.Get<IntegrationService>().SetActiveAsync(id, false); }),
        ["IntegrationService.DeleteAsync"] = (Owners, async w => { var id = await w.NewIntegrationAsync(); return c => c.Get<IntegrationService>().DeleteAsync(id); }),
        ["IntegrationService.TestConnectionAsync"] = (Owners, async w =>
        {
            var id = await w.NewIntegrationAsync();
            return c => c.Get<IntegrationService>().TestConnectionAsync(id, Embedder("Probe") with { SecretChange = SecretChange.Keep });
        }),
        ["PreferencesService.SaveAsync"] = (Owners, _ => Act(async c =>
        {
            var service = c.Get<PreferencesService>();
            var current = await service.GetAsync();
            var edited = current.Preferences.Clone();
            edited.CostLimits.MonthlyBudget = 123 + Random.Shared.Next(1000);
            await service.SaveAsync(edited, current.Revision);
        })),
        ["ApiKeyService.CreateAsync"] = (Owners, _ => Act(c => c.Get<ApiKeyService>().CreateAsync("key " + Guid.NewGuid().ToString("N")[..8]))),
        ["ApiKeyService.RevokeAsync"] = (Owners, async w => { var id = await w.NewApiKeyAsync(); return c => c.Get<ApiKeyService>().RevokeAsync(id); }),
        ["UsageAlertService.AcknowledgeAsync"] = (Owners, async w =>
        {
            var id = await w.NewAlertAsync();
            return async c => Assert.True(await c.Get<UsageAlertService>().AcknowledgeAsync(id));
        }),
        ["UsageCsvExporter.WriteAggregatedAsync"] = (Owners, w => Act(c => c.Get<UsageCsvExporter>().WriteAggregatedAsync(w.Usage, UsageDimension.Provider, new StringWriter()))),
        ["UsageCsvExporter.WriteRawAsync"] = (Owners, w => Act(c => c.Get<UsageCsvExporter>().WriteRawAsync(w.Usage, new StringWriter()))),

        // Ops: collections (create, drop, indexes, snapshots, aliases, points, schemas, exports) and indexing
        ["CollectionAdministration.CreateAsync"] = (Operators, _ => Act(c => c.Get<CollectionAdministration>().CreateAsync(
            new CreateCollectionRequest { Name = "made" + Guid.NewGuid().ToString("N")[..8], VectorSize = 4 }))),
        ["CollectionAdministration.DropAsync"] = (Operators, async w => { var name = await w.NewCollectionAsync(); return c => c.Get<CollectionAdministration>().DropAsync(name, name); }),
        ["CollectionAdministration.CreatePayloadIndexAsync"] = (Operators, async w =>
        {
            var name = await w.NewCollectionAsync();
            return c => c.Get<CollectionAdministration>().CreatePayloadIndexAsync(name, "n", PayloadFieldType.Integer);
        }),
        ["CollectionAdministration.CreateSnapshotAsync"] = (Operators, async w => { var name = await w.NewCollectionAsync(); return c => c.Get<CollectionAdministration>().CreateSnapshotAsync(name); }),
        ["CollectionAdministration.RestoreSnapshotAsync"] = (Operators, async w =>
        {
            var (name, snapshot) = await w.NewSnapshotAsync();
            return c => c.Get<CollectionAdministration>().RestoreSnapshotAsync(name, snapshot);
        }),
        ["CollectionAdministration.DeleteSnapshotAsync"] = (Operators, async w =>
        {
            var (name, snapshot) = await w.NewSnapshotAsync();
            return async c => Assert.True(await c.Get<CollectionAdministration>().DeleteSnapshotAsync(name, snapshot));
        }),
        ["CollectionAdministration.OpenSnapshotAsync"] = (Operators, async w =>
        {
            var (name, snapshot) = await w.NewSnapshotAsync();
            return async c => await (await c.Get<CollectionAdministration>().OpenSnapshotAsync(name, snapshot)).DisposeAsync();
        }),
        ["CollectionAdministration.CreateAliasAsync"] = (Operators, async w =>
        {
            var name = await w.NewCollectionAsync();
            return c => c.Get<CollectionAdministration>().CreateAliasAsync(name + "_live", name);
        }),
        ["CollectionAdministration.DeleteAliasAsync"] = (Operators, async w => { var alias = await w.NewAliasAsync(); return c => c.Get<CollectionAdministration>().DeleteAliasAsync(alias); }),
        ["CollectionAdministration.SwitchAliasAsync"] = (Operators, async w =>
        {
            var alias = await w.NewAliasAsync();
            var other = await w.NewCollectionAsync();
            return c => c.Get<CollectionAdministration>().SwitchAliasAsync(alias, other);
        }),
        ["CollectionAdministration.DeletePointsAsync"] = (Operators, async w =>
        {
            var name = await w.NewCollectionAsync();
            return async c => Assert.Equal(1, await c.Get<CollectionAdministration>().DeletePointsAsync(name, [PointId.FromNumber(1)]));
        }),
        ["CollectionAdministration.DeleteByFilterAsync"] = (Operators, async w =>
        {
            var name = await w.NewCollectionAsync();
            return c => c.Get<CollectionAdministration>().DeleteByFilterAsync(name, Filter.All(new MatchValueCondition("color", "red")), 6);
        }),
        ["CollectionSchemaService.ApplyAsync"] = (Operators, w => Act(c => c.Get<CollectionSchemaService>().ApplyAsync(new CollectionSchema("roles", 1, CollectionSchemaScope.Tenant,
            [new CollectionSchemaEntry("schema" + Guid.NewGuid().ToString("N")[..8], new CollectionDefinition(4, Distance.Cosine), new Dictionary<string, PayloadFieldType>())], "")))),
        ["CollectionExporter.ExportAsync"] = (Operators, async w =>
        {
            var name = await w.NewCollectionAsync();
            return async c => Assert.Equal(12, await c.Get<CollectionExporter>().ExportAsync(name, null, ExportFormat.JsonLines, new MemoryStream()));
        }),
        ["IndexingService.StartAsync"] = (Operators, async w => { await w.EndOpenJobsAsync(); return c => c.Get<IndexingService>().StartAsync(w.Tenant, BuiltInSources.WorkItems); }),
        ["IndexingService.PauseAsync"] = (Operators, async w => { var job = await w.NewJobAsync(); return c => c.Get<IndexingService>().PauseAsync(job); }),
        ["IndexingService.ResumeAsync"] = (Operators, async w => { var job = await w.NewJobAsync(paused: true); return c => c.Get<IndexingService>().ResumeAsync(job); }),
        ["IndexingService.CancelAsync"] = (Operators, async w => { var job = await w.NewJobAsync(); return c => c.Get<IndexingService>().CancelAsync(job); }),
        ["IndexingService.RetryParkedAsync"] = (Operators, async w =>
        {
            await w.NewParkedRowAsync();
            return c => c.Get<IndexingService>().RetryParkedAsync(w.Tenant, BuiltInSources.PullRequests);
        }),
        ["IndexingService.ReconcileAsync"] = (Operators, w => Act(c => c.Get<IndexingService>().ReconcileAsync(w.Tenant))),
        ["IndexingService.RepairAsync"] = (Operators, w => Act(c => c.Get<IndexingService>().RepairAsync(w.Tenant))),

        // Everyone who may open a collection: the ANN quality check is part of browsing
        ["AnnQualityCheck.RunAsync"] = (Everyone, async w => { var name = await w.NewCollectionAsync(); return c => c.Get<AnnQualityCheck>().RunAsync(name, 5, 3, null); }),

        // Platform admins: tenants and users
        ["TenantDirectory.CreateAsync"] = ([Admin], _ => Act(c => c.Get<TenantDirectory>().CreateAsync("Made " + Guid.NewGuid().ToString("N")[..6], "made-" + Guid.NewGuid().ToString("N")[..6]))),
        ["UserAdministration.CreateAsync"] = ([Admin], w => Act(c => c.Get<UserAdministration>().CreateAsync(
            $"made-{Guid.NewGuid():N}@roles.test", null, Analyst, w.Tenant, "Made-password-1234"))),
        ["UserAdministration.ResetPasswordAsync"] = ([Admin], async w => { var id = await w.NewUserAsync(); return c => c.Get<UserAdministration>().ResetPasswordAsync(id, "Reset-password-1234"); }),
        ["UserAdministration.SetLockedAsync"] = ([Admin], async w => { var id = await w.NewUserAsync(); return c => c.Get<UserAdministration>().SetLockedAsync(id, true); }),
    };

    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var action in Actions.Keys.Order())
            foreach (var role in Everyone)
                data.Add(action, role);
        return data;
    }

    [Fact]
    public void Every_action_a_page_can_offer_has_a_row_with_its_allowed_roles()
    {
        var methods = ActionMethods().ToList();
        var missing = methods.Where(m => !Actions.ContainsKey(m) && !NotUserActions.ContainsKey(m)).ToList();
        Assert.True(missing.Count == 0, "Add a role-matrix row (or a reason) for: " + string.Join(", ", missing));
        var stale = Actions.Keys.Concat(NotUserActions.Keys).Except(methods).ToList();
        Assert.True(stale.Count == 0, "These rows name methods that are no longer actions: " + string.Join(", ", stale));
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_role_gets_past_exactly_its_actions_and_is_refused_the_others_with_nothing_changed(string action, string role)
    {
        var world = await fixture.GetAsync(postgres);
        var (allowed, arrange) = Actions[action];
        var act = await arrange(world);
        var before = await world.FingerprintAsync();

        var ex = await Record.ExceptionAsync(() => act(world.As(role)));

        if (allowed.Contains(role))
        {
            Assert.True(ex is null, $"{role} may {action} but got {ex?.GetType().Name}: {ex?.Message}");
        }
        else
        {
            Assert.True(ex is TenantAccessDeniedException or VectorStoreAccessDeniedException, $"{role} may not {action} but got {(ex is null ? "success" : ex.GetType().Name + ": " + ex.Message)}");
            Assert.False(string.IsNullOrWhiteSpace(ex!.Message));
            Assert.Equal(before, await world.FingerprintAsync());
        }
    }

    private static Task<Func<Caller, Task>> Act(Func<Caller, Task> act) => Task.FromResult(act);

    private static IntegrationInput Embedder(string name) => new() { Name = name, Kind = ProviderKind.LocalHashing, Dimension = 8 };

    /// <summary>Action-named public methods of every per-caller (scoped or transient) Pulse.Core service that AddPulseCore registers.</summary>
    private static IEnumerable<string> ActionMethods()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Primary"] = "Host=127.0.0.1;Port=1;Database=none",
        }).Build();
        var services = new ServiceCollection();
        services.AddPulseCore(configuration);
        return services.Where(d => d.Lifetime != ServiceLifetime.Singleton)
            .Select(d => d.ImplementationType ?? d.ServiceType)
            .Where(t => t.Assembly == typeof(ITenantContext).Assembly && t.IsClass && !t.IsAbstract && !Plumbing.ContainsKey(t))
            .Distinct()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(m => (Type: t, Method: m)))
            .Where(x => !x.Method.IsSpecialName && ActionVerbs.Any(v => x.Method.Name.StartsWith(v, StringComparison.Ordinal)))
            .Select(x => $"{x.Type.Name}.{x.Method.Name}")
            .Distinct()
            .Order();
    }

    /// <summary>A service provider scope acting as one role of the tenant.</summary>
    public sealed class Caller(IServiceScope scope)
    {
        public T Get<T>()
            where T : notnull => scope.ServiceProvider.GetRequiredService<T>();
    }

    /// <summary>One tenant on a fresh database and embedded store, with a user of each role; arrangements run as the platform admin.</summary>
    public sealed class World : IAsyncDisposable
    {
        private readonly ServiceProvider _provider;
        private readonly SwitchableTenantContext _caller;
        private readonly string _folder;
        private readonly List<IServiceScope> _scopes = [];
        private readonly Dictionary<string, string> _userIds = [];

        private World(ServiceProvider provider, SwitchableTenantContext caller, string folder) => (_provider, _caller, _folder) = (provider, caller, folder);

        public int Tenant { get; private set; }

        public UsageQuery Usage => new(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-30), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1), UsageGranularity.Day, null);

        /// <summary>The tenant's user of <paramref name="role"/> (the platform admin with the tenant selected).</summary>
        public Caller As(string role) =>
            Scoped(new TestTenantContext(Tenant, role == PulseRoles.PlatformAdmin, _userIds[role], role));

        private Caller Scoped(ITenantContext context)
        {
            _caller.Current = context;
            var scope = _provider.CreateScope();
            _scopes.Add(scope);
            return new Caller(scope);
        }

        private Caller Arranger => Scoped(new TestTenantContext(Tenant, true, _userIds[PulseRoles.PlatformAdmin], PulseRoles.PlatformAdmin));

        private IVectorStore RawStore => _provider.GetRequiredService<IVectorStore>();

        public static async Task<World> CreateAsync(PostgresServerFixture postgres)
        {
            var folder = Path.Combine(Path.GetTempPath(), "pulse-roles-" + Guid.NewGuid().ToString("N"));
            var caller = new SwitchableTenantContext { Current = TestTenantContext.Admin() };
            var provider = CoreServices.Build(await postgres.CreateMigratedDatabaseAsync("roles"), caller,
                new Dictionary<string, string?> { ["Pulse:VectorStore:EmbeddedPath"] = folder });
            var world = new World(provider, caller, folder);
            await using var db = world.AdminDb();
            var tenant = new Tenant { Name = "Role tenant", Slug = "role-tenant" };
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync();
            world.Tenant = tenant.Id;
            foreach (var role in PulseRoles.All)
            {
                var user = new PulseUser { UserName = $"{role}@roles.test", Email = $"{role}@roles.test", TenantId = role == PulseRoles.PlatformAdmin ? null : tenant.Id };
                db.Set<PulseUser>().Add(user);
                await db.SaveChangesAsync();
                world._userIds[role] = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return world;
        }

        private PulseDbContext AdminDb() => new PulseDbContextFactory(_provider.GetRequiredService<PulseDatabase>(), TestTenantContext.Admin()).CreateDbContext();

        public Task<int> NewIntegrationAsync() => Arranger.Get<IntegrationService>().CreateAsync(Embedder("Arranged " + Guid.NewGuid().ToString("N")[..8]));

        public async Task<int> NewApiKeyAsync() => (await Arranger.Get<ApiKeyService>().CreateAsync("arranged " + Guid.NewGuid().ToString("N")[..8])).Key.Id;

        public async Task<int> NewUserAsync() =>
            (await Arranger.Get<UserAdministration>().CreateAsync($"arranged-{Guid.NewGuid():N}@roles.test", null, Analyst, Tenant, "Arranged-password-1234")).Id;

        public async Task<int> NewAlertAsync()
        {
            await using var db = AdminDb();
            var alert = new MlAnomalyAlert { TenantId = Tenant, ModelName = UsageAlertService.ModelName, Severity = "high", AlertData = "{\"rule\":\"spend\"}" };
            db.MlAnomalyAlerts.Add(alert);
            await db.SaveChangesAsync();
            return alert.Id;
        }

        public async Task<long> NewJobAsync(bool paused = false)
        {
            await EndOpenJobsAsync();
            var indexing = Arranger.Get<IndexingService>();
            var job = await indexing.StartAsync(Tenant, BuiltInSources.WorkItems);
            if (paused) await indexing.PauseAsync(job.Id);
            return job.Id;
        }

        public async Task NewParkedRowAsync()
        {
            await EndOpenJobsAsync();
            await using var db = AdminDb();
            db.Set<IndexingParkedRow>().Add(new IndexingParkedRow { TenantId = Tenant, SourceTable = BuiltInSources.PullRequests, RecordId = Random.Shared.Next(1, 1_000_000), Error = "provider said no" });
            await db.SaveChangesAsync();
        }

        /// <summary>Ends the tenant's open jobs, so the next one can be queued (one open job per source).</summary>
        public async Task EndOpenJobsAsync()
        {
            await using var command = _provider.GetRequiredService<PulseDatabase>().Primary.CreateCommand(
                "UPDATE indexing_jobs SET state = 'cancelled', finished_at = now() WHERE tenant_id = @t AND state IN ('queued', 'running', 'paused')");
            command.Parameters.AddWithValue("t", Tenant);
            await command.ExecuteNonQueryAsync();
        }

        public async Task<string> NewCollectionAsync()
        {
            var name = CollectionNames.ForTenant(Tenant, "c" + Guid.NewGuid().ToString("N")[..10]);
            await RawStore.CreateCollectionAsync(name, new CollectionDefinition(4, Distance.Cosine));
            await RawStore.CreatePayloadIndexAsync(name, "color", PayloadFieldType.Keyword);
            await RawStore.UpsertAsync(name, [.. Enumerable.Range(1, 12).Select(i => new VectorPoint((ulong)i, [1, i % 5, i % 3, 1],
                new JsonObject { ["n"] = i, ["color"] = i % 2 == 0 ? "red" : "blue" }))]);
            return name;
        }

        public async Task<(string Collection, string Snapshot)> NewSnapshotAsync()
        {
            var name = await NewCollectionAsync();
            return (name, (await RawStore.CreateSnapshotAsync(name)).Name);
        }

        public async Task<string> NewAliasAsync()
        {
            var name = await NewCollectionAsync();
            await RawStore.UpdateAliasesAsync([AliasChange.Create(name + "_live", name)]);
            return name + "_live";
        }

        /// <summary>Every tenant-owned row of the tenant, the users and tenants, and the tenant's vector-store objects, as text.</summary>
        public async Task<string> FingerprintAsync()
        {
            var text = new System.Text.StringBuilder();
            await using (var db = AdminDb())
            {
                var tables = db.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType) && e.GetTableName() is not null)
                    .Select(e => e.GetTableName()!).Distinct().Order().ToList();
                var connection = (NpgsqlConnection)db.Database.GetDbConnection();
                await connection.OpenAsync();
                foreach (var table in tables)
                {
                    await using var command = new NpgsqlCommand($"SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') FROM \"{table}\" t WHERE tenant_id = @t", connection);
                    command.Parameters.AddWithValue("t", Tenant);
                    text.Append(table).Append(": ").AppendLine((string?)await command.ExecuteScalarAsync());
                }
                text.AppendJoin(';', await db.Tenants.OrderBy(t => t.Id).Select(t => t.Id + t.Name).ToListAsync());
                text.AppendJoin(';', await db.Users.OrderBy(u => u.Id).Select(u => u.Id + u.Email + u.PasswordHash + u.LockoutEnd).ToListAsync());
            }

            foreach (var name in (await RawStore.ListCollectionsAsync()).Order())
            {
                var info = await RawStore.GetCollectionInfoAsync(name);
                text.Append(name).Append(' ').Append(info.PointsCount).Append(' ').AppendJoin(',', info.PayloadSchema.Keys.Order())
                    .Append(" snapshots ").AppendJoin(',', (await RawStore.ListSnapshotsAsync(name)).Select(s => s.Name).Order()).AppendLine();
            }
            text.AppendJoin(',', (await RawStore.ListAliasesAsync()).Select(a => $"{a.AliasName}->{a.CollectionName}").Order());
            return text.ToString();
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var scope in _scopes) scope.Dispose();
            await _provider.DisposeAsync();
            try { Directory.Delete(_folder, recursive: true); }
            catch (DirectoryNotFoundException) { }
        }
    }

    /// <summary>One <see cref="World"/> for the class, built on first use.</summary>
    public sealed class WorldFixture : IAsyncLifetime
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private World? _world;

        internal async Task<World> GetAsync(PostgresServerFixture postgres)
        {
            await _gate.WaitAsync();
            try { return _world ??= await World.CreateAsync(postgres); }
            finally { _gate.Release(); }
        }

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            if (_world is not null) await _world.DisposeAsync();
        }
    }
}
