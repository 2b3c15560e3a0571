using Pulse.Core.Usage.Alerts;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
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
using Pulse.Core.Search;
using Pulse.Core.Tenancy;
using Pulse.Core.Tests.Integrations;
using Pulse.Core.Tests.Tenancy;
using Pulse.Core.Usage;
using Pulse.Core.Usage.Budget;
using Pulse.Core.Usage.Export;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Filters;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Reliability;

/// <summary>
/// The service side of the tenant isolation matrix. Every public method of Pulse.Core's module services that takes an
/// identifier (a collection, point, integration, tenant, job, key, history entry, usage query, schema, or a document that
/// refers to one) is found by reflection; each has a case here in which tenant A's owner (who also holds the ops and
/// analyst roles, so only the tenant boundary stands in the way) aims it at tenant B's object and is refused or finds
/// nothing, after which every tenant-owned row and every vector-store object of B is byte-for-byte unchanged. A method
/// without a case (or a declared reason why it takes no caller) fails the suite.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class TenantIsolationMatrixTests(PostgresServerFixture postgres, TenantIsolationMatrixTests.WorldFixture fixture)
    : IClassFixture<TenantIsolationMatrixTests.WorldFixture>
{
    private const string PipelineInternal = "pipeline internal: takes PulseDatabase, not a caller; reached only through IndexingService, which authorizes the tenant (IndexingService cases)";
    private const string ChainInternal = "provider-chain internal: called with ITenantContext.TenantId of the caller by EmbeddingService/SearchService (SearchService cases use B's integration)";

    /// <summary>Methods that take an identifier but no caller, and why they need no case of their own.</summary>
    private static readonly Dictionary<string, string> Exempt = new()
    {
        ["BuiltInEmbeddingChainResolver.ResolveAsync"] = ChainInternal,
        ["DatabaseIntegrationChainResolver.ResolveAsync"] = ChainInternal,
        ["FirstActiveTenantProviderDefaults.DefaultIntegrationIdAsync"] = ChainInternal,
        ["TenantAiSettingsCache.GetAsync"] = ChainInternal + " (and SearchCatalog, with the caller's tenant); kept per tenant: TenantAiSettingsCacheTests.Each_tenant_has_its_own_copy",
        ["EmbeddingServerIntegration.EnsureAsync"] = "takes a DbContext already filtered to the caller's tenant (IntegrationService, chain resolver)",
        ["ContentCollectionBuilder.EnsureAsync"] = "demo seed and indexing step: runs as the system for one tenant, no caller",
        ["SpendMeter.MonthToDateAsync"] = ChainInternal + " (budget guard)",
        ["SpendMeter.MonthToDateByProviderAsync"] = ChainInternal + " (budget guard: per-provider caps)",
        ["SpendMeter.SpendAsync"] = ChainInternal + " (budget guard)",
        ["SpendMeter.Rows"] = ChainInternal + " (budget guard)",
        ["BudgetUtilisation.Record"] = "metrics instrument fed by the budget evaluation for the tenant it evaluated; reads and writes no tenant data",
        ["BudgetUtilisation.RatioOf"] = "metrics instrument: the /metrics scrape (loopback or scrape token) reads every tenant's ratio by design, no tenant caller",
        ["IndexingMetrics.RowsSettled"] = PipelineInternal + " (metrics counter)",
        ["TenantBudgetReader.AlertThresholdPercentAsync"] = "called by UsageAlertService.EvaluateAsync, which the rollup job runs per tenant as the system",
        ["UsageAlertService.EvaluateAsync"] = "the usage rollup job's per-tenant evaluation: runs as the system for one tenant, no caller (pages only list and acknowledge)",
        ["TenantBudgetReader.MonthlyBudgetAsync"] = "called by MonthBudgetService after UsageAggregates.ResolveTenant (MonthBudgetService case)",
        ["IndexingJobExecutor.TimingsOf"] = PipelineInternal,
        ["IndexingJobExecutor.TryRunAsync"] = PipelineInternal,
        ["IndexingJobQueue.TryQueueAsync"] = PipelineInternal,
        ["PipelineConfigurationReader.ReadAsync"] = PipelineInternal,
        ["PipelineSettings.Find"] = "a value object's lookup by table name, no data access",
        ["CompareTarget.Apply"] = "a value object: builds compare mode's second request, no data access; SearchService.CompareAsync checks both sides (its case aims the second side at B's collection)",
        ["SourceReader.CountAsync"] = PipelineInternal,
        ["SourceReader.FindDeletedAsync"] = PipelineInternal,
        ["SourceReader.ReadPageAsync"] = PipelineInternal,
        ["VectorReconciler.ReconcileAsync"] = PipelineInternal,
        ["VectorReconciler.RepairAsync"] = PipelineInternal,
        ["SchemaDriftChecker.CheckAsync"] = "takes no caller: the /ops collection probe passes null (platform health, rows filtered by HealthReport.VisibleTo) and the API passes the key's own ITenantContext.TenantId (ApiTests)",
    };

    /// <summary>The raw store's metering decorator sits below <see cref="TenantVectorStore"/>, which every service uses.</summary>
    private static bool BelowTheTenantGate(string method) => method.StartsWith("MeteredVectorStore.", StringComparison.Ordinal);

    private static readonly Dictionary<string, Func<World, Task>> Cases = new()
    {
        // Collections: administration
        ["CollectionAdministration.CreateAsync"] = w => Refused(() => w.AsA<CollectionAdministration>().CreateAsync(new CreateCollectionRequest { Name = CollectionNames.ForTenant(w.B, "planted"), VectorSize = 4 })),
        ["CollectionAdministration.ResolveName"] = w =>
        {
            Assert.Throws<ValidationFailedException>(() => w.AsA<CollectionAdministration>().ResolveName(w.BCollection, platform: true));
            Assert.False(w.AsA<TenantVectorStore>().CanAccess(w.AsA<CollectionAdministration>().ResolveName(w.BCollection, platform: false)));
            return Task.CompletedTask;
        },
        ["CollectionAdministration.DropAsync"] = w => Refused(() => w.AsA<CollectionAdministration>().DropAsync(w.BCollection, w.BCollection)),
        ["CollectionAdministration.CreatePayloadIndexAsync"] = w => Refused(() => w.AsA<CollectionAdministration>().CreatePayloadIndexAsync(w.BCollection, "n", PayloadFieldType.Integer)),
        ["CollectionAdministration.CreateSnapshotAsync"] = w => Refused(() => w.AsA<CollectionAdministration>().CreateSnapshotAsync(w.BCollection)),
        ["CollectionAdministration.ListSnapshotsAsync"] = w => Refused(() => w.AsA<CollectionAdministration>().ListSnapshotsAsync(w.BCollection)),
        ["CollectionAdministration.RestoreSnapshotAsync"] = w => Refused(() => w.AsA<CollectionAdministration>().RestoreSnapshotAsync(w.BCollection, w.BSnapshot)),
        ["CollectionAdministration.DeleteSnapshotAsync"] = w => Refused(() => w.AsA<CollectionAdministration>().DeleteSnapshotAsync(w.BCollection, w.BSnapshot)),
        ["CollectionAdministration.OpenSnapshotAsync"] = w => Refused(() => w.AsA<CollectionAdministration>().OpenSnapshotAsync(w.BCollection, w.BSnapshot)),
        ["CollectionAdministration.CreateAliasAsync"] = async w =>
        {
            await Refused(() => w.AsA<CollectionAdministration>().CreateAliasAsync(CollectionNames.ForTenant(w.A, "mine"), w.BCollection));
            await Refused(() => w.AsA<CollectionAdministration>().CreateAliasAsync(CollectionNames.ForTenant(w.B, "planted"), w.ACollection));
        },
        ["CollectionAdministration.DeleteAliasAsync"] = w => Refused(() => w.AsA<CollectionAdministration>().DeleteAliasAsync(w.BAlias)),
        ["CollectionAdministration.SwitchAliasAsync"] = async w =>
        {
            await Refused(() => w.AsA<CollectionAdministration>().SwitchAliasAsync(w.BAlias, w.ACollection));
            await Refused(() => w.AsA<CollectionAdministration>().SwitchAliasAsync(CollectionNames.ForTenant(w.A, "mine"), w.BCollection));
        },
        ["CollectionAdministration.DeletePointsAsync"] = w => Refused(() => w.AsA<CollectionAdministration>().DeletePointsAsync(w.BCollection, [PointId.FromNumber(1)])),
        ["CollectionAdministration.DeleteByFilterAsync"] = w => Refused(() => w.AsA<CollectionAdministration>().DeleteByFilterAsync(w.BCollection, Filter.All(new IsEmptyCondition("missing")), 5)),

        // Collections: browsing
        ["CollectionBrowser.GetAsync"] = w => Refused(() => w.AsA<CollectionBrowser>().GetAsync(w.BCollection)),
        ["CollectionBrowser.BrowseAsync"] = w => Refused(() => w.AsA<CollectionBrowser>().BrowseAsync(w.BCollection, null, null, 10)),
        ["CollectionBrowser.CountAsync"] = w => Refused(() => w.AsA<CollectionBrowser>().CountAsync(w.BCollection, null)),
        ["CollectionBrowser.GetPointAsync"] = w => Refused(() => w.AsA<CollectionBrowser>().GetPointAsync(w.BCollection, PointId.FromNumber(1))),
        ["CollectionBrowser.FindSimilarAsync"] = w => Refused(() => w.AsA<CollectionBrowser>().FindSimilarAsync(w.BCollection, PointId.FromNumber(1))),
        ["CollectionBrowser.FacetAsync"] = w => Refused(() => w.AsA<CollectionBrowser>().FacetAsync(w.BCollection, "color")),

        // Collections: schemas (a platform-scoped schema naming B's collection; a tenant-scoped one is prefixed with A's tenant)
        ["CollectionSchemaService.DiffAsync"] = w => Refused(() => w.AsA<CollectionSchemaService>().DiffAsync(w.SchemaNaming(w.BCollection))),
        ["CollectionSchemaService.ApplyAsync"] = async w =>
        {
            await Refused(() => w.AsA<CollectionSchemaService>().ApplyAsync(w.SchemaNaming(w.BCollection)));
            await Refused(() => w.AsA<CollectionSchemaService>().ApplyAsync(w.SchemaNaming(w.BAlias)));
        },
        ["CollectionSchemaService.HistoryAsync"] = w => Refused(() => w.AsA<CollectionSchemaService>().HistoryAsync(w.BCollection)),

        // Indexing: tenant ids, job ids, parked rows
        ["IndexingService.ListJobsAsync"] = w => Refused(() => w.AsA<IndexingService>().ListJobsAsync(w.B, BuiltInSources.WorkItems)),
        ["IndexingService.StartAsync"] = w => Refused(() => w.AsA<IndexingService>().StartAsync(w.B, BuiltInSources.PullRequests)),
        ["IndexingService.PauseAsync"] = w => Refused(() => w.AsA<IndexingService>().PauseAsync(w.BJob)),
        ["IndexingService.ResumeAsync"] = w => Refused(() => w.AsA<IndexingService>().ResumeAsync(w.BJob)),
        ["IndexingService.CancelAsync"] = w => Refused(() => w.AsA<IndexingService>().CancelAsync(w.BJob)),
        ["IndexingService.ListParkedAsync"] = w => Refused(() => w.AsA<IndexingService>().ListParkedAsync(w.B, BuiltInSources.WorkItems)),
        ["IndexingService.RetryParkedAsync"] = w => Refused(() => w.AsA<IndexingService>().RetryParkedAsync(w.B, BuiltInSources.WorkItems)),
        ["IndexingService.ReconcileAsync"] = w => Refused(() => w.AsA<IndexingService>().ReconcileAsync(w.B)),
        ["IndexingService.RepairAsync"] = w => Refused(() => w.AsA<IndexingService>().RepairAsync(w.B)),

        // Integrations: ids, and inputs that point at B's integration
        ["IntegrationService.UpdateAsync"] = w => Refused(() => w.AsA<IntegrationService>().UpdateAsync(w.BIntegration, Embedder("Hijacked"))),
        ["IntegrationService.SetActiveAsync"] = w => Refused(() => w.AsA<IntegrationService>().SetActiveAsync(w.BIntegration, false)),
        ["IntegrationService.DeleteAsync"] = w => Refused(() => w.AsA<IntegrationService>().DeleteAsync(w.BIntegration)),
        ["IntegrationService.CreateAsync"] = w => Refused(() => w.AsA<IntegrationService>().CreateAsync(Embedder("Leech") with { FallbackIntegrationId = w.BIntegration })),
        ["IntegrationService.TestConnectionAsync"] = w => Refused(() => w.AsA<IntegrationService>().TestConnectionAsync(w.BIntegration, Embedder("Probe") with { SecretChange = SecretChange.Keep })),
        ["IntegrationService.PreviewChainAsync"] = async w =>
        {
            var preview = await w.AsA<IntegrationService>().PreviewChainAsync(w.BIntegration, Embedder("Peek") with { FallbackIntegrationId = w.BIntegration });
            Assert.DoesNotContain(preview.Links, l => l.Name == World.BIntegrationName);
            Assert.NotNull(preview.Problem);
        },

        // API keys
        ["ApiKeyService.RevokeAsync"] = w => Refused(() => w.AsA<ApiKeyService>().RevokeAsync(w.BKey)),
        ["ApiKeyService.CreateAsync"] = async w =>
        {
            var created = await w.AsA<ApiKeyService>().CreateAsync(World.BKeyName); // the same name as B's key: a new key of A's own
            Assert.Equal(w.A, (await w.AsA<ApiKeyAuthenticator>().AuthenticateAsync(created.Token))!.TenantId);
            await w.AsA<ApiKeyService>().RevokeAsync(created.Key.Id);
        },

        // Usage and budget: a forged tenant id
        ["UsageAggregates.ResolveTenant"] = w => Refused(() => Task.FromResult(w.AsA<IUsageAggregates>().ResolveTenant(w.B))),
        ["UsageAggregates.QueryAsync"] = w => Refused(() => w.AsA<IUsageAggregates>().QueryAsync(w.UsageOf(w.B))),
        ["UsageCsvExporter.WriteAggregatedAsync"] = w => Refused(() => w.AsA<UsageCsvExporter>().WriteAggregatedAsync(w.UsageOf(w.B), UsageDimension.Provider, new StringWriter())),
        ["UsageCsvExporter.WriteRawAsync"] = w => Refused(() => w.AsA<UsageCsvExporter>().WriteRawAsync(w.UsageOf(w.B), new StringWriter())),
        ["UsageAlertService.AcknowledgeAsync"] = async w => Assert.False(await w.AsA<UsageAlertService>().AcknowledgeAsync(w.BAlert)),
        ["AnnQualityCheck.RunAsync"] = w => Refused(() => w.AsA<AnnQualityCheck>().RunAsync(w.BCollection, 10, 5, null)),
        ["CollectionExporter.EnsureCanExportAsync"] = w => Refused(() => w.AsA<CollectionExporter>().EnsureCanExportAsync(w.BCollection)),
        ["CollectionExporter.CountAsync"] = w => Refused(() => w.AsA<CollectionExporter>().CountAsync(w.BCollection, null)),
        ["CollectionExporter.ExportAsync"] = w => Refused(() => w.AsA<CollectionExporter>().ExportAsync(w.BCollection, null, ExportFormat.JsonLines, new MemoryStream())),
        ["MonthBudgetService.CurrentMonthAsync"] = w => Refused(() => w.AsA<MonthBudgetService>().CurrentMonthAsync(w.B)),

        // Preferences: a document naming B's integration as A's default
        ["PreferencesService.SaveAsync"] = async w =>
        {
            var service = w.AsA<PreferencesService>();
            var current = await service.GetAsync();
            var edited = current.Preferences.Clone();
            edited.DefaultModels.EmbeddingIntegrationId = w.BIntegration;
            await Refused(() => service.SaveAsync(edited, current.Revision));
        },

        // Search: B's collection, B's point, B's integration, B's history entry
        ["SearchService.SearchAsync"] = async w =>
        {
            await Refused(() => w.AsA<SearchService>().SearchAsync(new SearchRequest { Query = "retry", Collection = w.BCollection }));
            await Refused(() => w.AsA<SearchService>().SearchAsync(new SearchRequest { Query = "retry", Collection = w.ACollection, IntegrationId = w.BIntegration }));
        },
        ["SearchService.CompareAsync"] = w => Refused(() => w.AsA<SearchService>().CompareAsync(
            new SearchRequest { Query = "retry", Collection = w.ACollection }, new SearchRequest { Query = "retry", Collection = w.BCollection })),
        ["SearchService.FindSimilarAsync"] = w => Refused(() => w.AsA<SearchService>().FindSimilarAsync(new SearchRequest { Collection = w.BCollection }, PointId.FromNumber(1))),
        ["SearchHistory.FindAsync"] = async w => Assert.Null(await w.AsA<SearchHistory>().FindAsync(w.BHistoryEntry)),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys.Order());

    [Fact]
    public void Every_public_service_method_that_takes_an_identifier_has_an_isolation_case_or_a_declared_reason()
    {
        var methods = IdentifierMethods().ToList();
        var missing = methods.Where(m => !Cases.ContainsKey(m) && !Exempt.ContainsKey(m) && !BelowTheTenantGate(m)).ToList();
        Assert.True(missing.Count == 0, "Add a tenant isolation case (or a reason) for: " + string.Join(", ", missing));
        var stale = Cases.Keys.Concat(Exempt.Keys).Except(methods).ToList();
        Assert.True(stale.Count == 0, "These cases name methods that no longer take an identifier: " + string.Join(", ", stale));
        Assert.True(Cases.Count >= 50, $"only {Cases.Count} cases");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Tenant_A_aiming_a_service_method_at_tenant_Bs_object_is_refused_and_B_is_unchanged(string method)
    {
        var world = await fixture.GetAsync(postgres);
        var before = await world.FingerprintOfBAsync();
        Assert.Contains(World.BIntegrationName, before);
        Assert.Contains(World.BKeyName, before);
        Assert.Contains("b's secret query", before);
        Assert.Contains(world.BAlias + "->" + world.BCollection, before);
        Assert.Contains(world.BSnapshot, before);

        await Cases[method](world);

        Assert.Equal(before, await world.FingerprintOfBAsync());
    }

    /// <summary>Refused: access denied, or not found / not valid with a message (never a silent success, never a crash).</summary>
    private static async Task Refused(Func<Task> act)
    {
        var ex = await Record.ExceptionAsync(act);
        Assert.True(ex is not null, "the call succeeded");
        Assert.True(ex is TenantAccessDeniedException or VectorStoreAccessDeniedException or ValidationFailedException or IndexingException or SearchFailedException
            or VectorStoreException { Kind: VectorStoreErrorKind.NotFound or VectorStoreErrorKind.Validation },
            $"unexpected {ex.GetType().Name}: {ex.Message}");
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    private static IntegrationInput Embedder(string name) => new() { Name = name, Kind = ProviderKind.LocalHashing, Dimension = 4 };

    internal static IEnumerable<string> IdentifierMethods()
    {
        string[] modules = ["Integrations", "Preferences", "Usage", "Collections", "Search", "Indexing", "Operations"];
        Type[] identifierTypes = [typeof(PointId), typeof(UsageQuery), typeof(SearchRequest), typeof(CollectionSchema), typeof(IntegrationInput),
            typeof(TenantPreferences), typeof(IReadOnlyList<PointId>), typeof(CreateCollectionRequest)];
        return typeof(ITenantContext).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && modules.Any(m => t.Namespace is { } ns && (ns == "Pulse.Core." + m || ns.StartsWith("Pulse.Core." + m + ".", StringComparison.Ordinal))))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly).Select(m => (Type: t, Method: m)))
            .Where(x => !x.Method.IsSpecialName && x.Method.Name is not ("Deconstruct" or "Equals" or "GetHashCode" or "ToString" or "PrintMembers" or "<Clone>$"))
            // A static method reaches data only through a context or connection it is handed; pure functions cannot cross tenants.
            .Where(x => !x.Method.IsStatic || x.Method.GetParameters().Any(p => p.ParameterType == typeof(PulseDbContext) || p.ParameterType.Namespace == "Npgsql"))
            .Where(x => x.Method.GetParameters().Any(p => !p.IsOut && (IdentifierName().IsMatch(p.Name ?? "") || identifierTypes.Contains(p.ParameterType))))
            .Select(x => $"{x.Type.Name}.{x.Method.Name}")
            .Distinct()
            .Order();
    }

    [GeneratedRegex("^(id|.*Id|.*Ids|collectionName|newCollectionName|aliasName|snapshotName|table|logicalName|name)$")]
    private static partial Regex IdentifierName();

    /// <summary>Two tenants on a fresh database and embedded store; B owns one of every kind of object.</summary>
    public sealed class World : IAsyncDisposable
    {
        public const string BIntegrationName = "B embedder";
        public const string BKeyName = "B pipeline";

        private readonly ServiceProvider _provider;
        private readonly SwitchableTenantContext _caller;
        private readonly string _folder;
        private readonly List<IServiceScope> _scopes = [];

        private World(ServiceProvider provider, SwitchableTenantContext caller, string folder) => (_provider, _caller, _folder) = (provider, caller, folder);

        public int A { get; private set; }
        public int B { get; private set; }
        public string ACollection { get; private set; } = "";
        public string BCollection { get; private set; } = "";
        public string BAlias { get; private set; } = "";
        private string BPrefix => $"{CollectionNames.TenantPrefix}{B}_";
        public string BSnapshot { get; private set; } = "";
        public int BIntegration { get; private set; }
        public int BKey { get; private set; }
        public long BJob { get; private set; }
        public long BHistoryEntry { get; private set; }

        public int BAlert { get; private set; }

        private string SharedUserId { get; set; } = "";

        /// <summary>A service acting as tenant A's owner (with ops and analyst roles too, and the same user id as B's history).</summary>
        public T AsA<T>()
            where T : notnull
        {
            _caller.Current = new TestTenantContext(A, false, SharedUserId, PulseRoles.TenantOwner, PulseRoles.Ops, PulseRoles.Analyst);
            var scope = _provider.CreateScope();
            _scopes.Add(scope);
            return scope.ServiceProvider.GetRequiredService<T>();
        }

        private T AsB<T>(params string[] roles)
            where T : notnull
        {
            _caller.Current = new TestTenantContext(B, false, SharedUserId, roles);
            var scope = _provider.CreateScope();
            _scopes.Add(scope);
            return scope.ServiceProvider.GetRequiredService<T>();
        }

        public CollectionSchema SchemaNaming(string collection) => new("evil", 1, CollectionSchemaScope.Platform,
            [new CollectionSchemaEntry(collection, new CollectionDefinition(8, Distance.Dot), new Dictionary<string, PayloadFieldType>())], "");

        public UsageQuery UsageOf(int tenant) => new(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-30), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1), UsageGranularity.Day, tenant);

        public static async Task<World> CreateAsync(PostgresServerFixture postgres)
        {
            var folder = Path.Combine(Path.GetTempPath(), "pulse-isolation-" + Guid.NewGuid().ToString("N"));
            var caller = new SwitchableTenantContext { Current = TestTenantContext.Admin() };
            var provider = CoreServices.Build(await postgres.CreateMigratedDatabaseAsync("isolation"), caller,
                new Dictionary<string, string?> { ["Pulse:VectorStore:EmbeddedPath"] = folder });
            var world = new World(provider, caller, folder);
            await world.SeedAsync();
            return world;
        }

        private PulseDbContext AdminDb() => new PulseDbContextFactory(_provider.GetRequiredService<PulseDatabase>(), TestTenantContext.Admin()).CreateDbContext();

        private IVectorStore RawStore => _provider.GetRequiredService<IVectorStore>();

        private async Task SeedAsync()
        {
            await using (var db = AdminDb())
            {
                var a = new Tenant { Name = "Tenant A", Slug = "tenant-a" };
                var b = new Tenant { Name = "Tenant B", Slug = "tenant-b" };
                db.Tenants.AddRange(a, b);
                await db.SaveChangesAsync();
                (A, B) = (a.Id, b.Id);
                // One user id in both contexts: the worst case for per-user rows (search history).
                var user = new PulseUser { UserName = "shared@isolation.test", Email = "shared@isolation.test", TenantId = b.Id };
                db.Set<PulseUser>().Add(user);
                await db.SaveChangesAsync();
                SharedUserId = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            ACollection = await CollectionAsync(A, "docs");
            BCollection = await CollectionAsync(B, "docs");
            BAlias = CollectionNames.ForTenant(B, "live");
            await RawStore.UpdateAliasesAsync([AliasChange.Create(BAlias, BCollection)]);
            BSnapshot = (await RawStore.CreateSnapshotAsync(BCollection)).Name;

            BIntegration = await AsB<IntegrationService>(PulseRoles.TenantOwner).CreateAsync(Embedder(BIntegrationName) with
            {
                Kind = ProviderKind.OpenAI, BaseUrl = "http://127.0.0.1:9/v1", Model = "text-embedding-3-small", SecretChange = SecretChange.Replace, NewSecret = "sk-tenant-b-secret",
            });
            BKey = (await AsB<ApiKeyService>(PulseRoles.TenantOwner).CreateAsync(BKeyName)).Key.Id;
            BJob = (await AsB<IndexingService>(PulseRoles.Ops).StartAsync(B, BuiltInSources.WorkItems)).Id;
            await using (var db = AdminDb())
            {
                db.Set<IndexingParkedRow>().Add(new IndexingParkedRow { TenantId = B, SourceTable = BuiltInSources.WorkItems, RecordId = 7, JobId = BJob, Error = "provider said no" });
                var entry = new SearchHistoryEntry { TenantId = B, UserId = int.Parse(SharedUserId, System.Globalization.CultureInfo.InvariantCulture), QueryText = "b's secret query", CollectionName = BCollection };
                db.Set<SearchHistoryEntry>().Add(entry);
                db.AiUsage.Add(new AiUsageRecord { TenantId = B, Provider = "openai", Operation = "embedding", Cost = 2.5m, IntegrationId = BIntegration });
                var alert = new MlAnomalyAlert { TenantId = B, ModelName = UsageAlertService.ModelName, Severity = "high", AlertData = "{\"rule\":\"b's spend\"}" };
                db.MlAnomalyAlerts.Add(alert);
                await db.SaveChangesAsync();
                BHistoryEntry = entry.Id;
                BAlert = alert.Id;
            }
        }

        private async Task<string> CollectionAsync(int tenant, string logical)
        {
            var name = CollectionNames.ForTenant(tenant, logical);
            await RawStore.CreateCollectionAsync(name, new CollectionDefinition(4, Distance.Cosine));
            await RawStore.CreatePayloadIndexAsync(name, "color", PayloadFieldType.Keyword);
            await RawStore.UpsertAsync(name, [.. Enumerable.Range(1, 12).Select(i => new VectorPoint((ulong)i, [1, i % 5, i % 3, 1],
                new JsonObject { ["n"] = i, ["color"] = i % 2 == 0 ? "red" : "blue", ["title"] = $"{tenant} retry budget {i}" }))]);
            return name;
        }

        /// <summary>Every tenant-owned row of B (each table of the model whose entity is tenant-owned) and B's vector-store objects, as text.</summary>
        public async Task<string> FingerprintOfBAsync()
        {
            var text = new System.Text.StringBuilder();
            await using (var db = AdminDb())
            {
                var tables = db.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType) && e.GetTableName() is not null)
                    .Select(e => e.GetTableName()!).Distinct().Order().ToList();
                Assert.Contains("integrations", tables);
                var connection = (NpgsqlConnection)db.Database.GetDbConnection();
                await connection.OpenAsync();
                foreach (var table in tables)
                {
                    await using var command = new NpgsqlCommand($"SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') FROM \"{table}\" t WHERE tenant_id = @b", connection);
                    command.Parameters.AddWithValue("b", B);
                    text.Append(table).Append(": ").AppendLine((string?)await command.ExecuteScalarAsync());
                }
            }

            foreach (var name in (await RawStore.ListCollectionsAsync()).Where(n => CollectionNames.TryParseTenant(n, out var owner, out _) && owner == B).Order())
            {
                var info = await RawStore.GetCollectionInfoAsync(name);
                text.Append(name).Append(' ').Append(info.PointsCount).Append(' ').Append(info.Config.VectorSize).Append(' ')
                    .AppendJoin(',', info.PayloadSchema.Keys.Order()).Append(" snapshots ").AppendJoin(',', (await RawStore.ListSnapshotsAsync(name)).Select(s => s.Name).Order()).AppendLine();
                var points = await RawStore.ScrollAsync(name, new ScrollRequest { Limit = 100 });
                text.AppendJoin(';', points.Points.Select(p => $"{p.Id}={p.Payload?.ToJsonString()}")).AppendLine();
            }

            text.AppendJoin(',', (await RawStore.ListAliasesAsync()).Where(a => a.AliasName.StartsWith(BPrefix, StringComparison.Ordinal)
                || a.CollectionName.StartsWith(BPrefix, StringComparison.Ordinal)).Select(a => $"{a.AliasName}->{a.CollectionName}").Order());
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
