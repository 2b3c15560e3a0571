using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Pulse.Core.Tests.Deployment;

/// <summary>
/// Keeps docker-compose.yml, .env.example and the portal's image consistent without a Docker engine:
/// every service is health-checked, images are pinned, the seed's ports are published, every variable the file
/// interpolates is documented, and the portal is configured for the production stack.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly Lazy<YamlMappingNode> Compose = new(() =>
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(RepositoryFiles.Read("docker-compose.yml"));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    });

    private static YamlMappingNode Services => (YamlMappingNode)Compose.Value.Children[new YamlScalarNode("services")];

    private static IEnumerable<(string Name, YamlMappingNode Service)> AllServices() =>
        Services.Children.Select(c => (((YamlScalarNode)c.Key).Value!, (YamlMappingNode)c.Value));

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services.Children[new YamlScalarNode(name)];

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static Dictionary<string, string> Environment(YamlMappingNode service) =>
        Child(service, "environment") is YamlMappingNode env
            ? env.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value ?? "")
            : [];

    /// <summary>Variables .env.example assigns (NAME=value lines).</summary>
    private static HashSet<string> DocumentedVariables() =>
        RepositoryFiles.Read(".env.example").Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains('='))
            .Select(l => l[..l.IndexOf('=')])
            .ToHashSet();

    [Fact]
    public void The_stack_has_the_five_services_of_the_production_architecture()
    {
        Assert.Equal(["embeddings", "portal", "postgres-primary", "postgres-replica", "qdrant"],
            AllServices().Select(s => s.Name).Order());
    }

    [Fact]
    public void Every_service_has_a_health_check_with_a_test()
    {
        foreach (var (name, service) in AllServices())
        {
            var check = Assert.IsType<YamlMappingNode>(Child(service, "healthcheck"), exactMatch: false);
            Assert.True(Child(check, "test") is YamlSequenceNode { Children.Count: > 1 }, $"{name}: healthcheck has no test command");
        }
    }

    [Fact]
    public void Every_image_is_pinned_and_the_portal_is_built_from_its_Dockerfile()
    {
        foreach (var (name, service) in AllServices())
        {
            var image = Assert.IsType<YamlScalarNode>(Child(service, "image")).Value!;
            var tag = image.Contains(':') ? image[(image.LastIndexOf(':') + 1)..] : "";
            Assert.False(tag is "" or "latest", $"{name}: image {image} is not pinned to a version");
        }
        Assert.Matches(@"^postgres:1[56]\.\d+$", Image("postgres-primary"));
        Assert.Equal(Image("postgres-primary"), Image("postgres-replica"));
        Assert.Matches(@"^qdrant/qdrant:v1\.19\.\d+$", Image("qdrant"));
        Assert.Matches(@"^ghcr\.io/huggingface/text-embeddings-inference:cpu-1\.9", Image("embeddings"));

        var build = Assert.IsType<YamlMappingNode>(Child(Service("portal"), "build"));
        var dockerfile = ((YamlScalarNode)Child(build, "dockerfile")!).Value!;
        Assert.True(File.Exists(RepositoryFiles.PathOf(dockerfile)), $"{dockerfile} is missing");
        foreach (var from in FromLine().Matches(RepositoryFiles.Read(dockerfile)).Select(m => m.Groups[1].Value))
            Assert.DoesNotContain(":latest", from);
    }

    private static string Image(string service) => ((YamlScalarNode)Child(Service(service), "image")!).Value!;

    [Theory]
    [InlineData("postgres-primary", 5432)]
    [InlineData("postgres-replica", 5433)]
    [InlineData("qdrant", 6333)]
    [InlineData("qdrant", 6334)]
    public void The_seed_ports_are_published(string service, int port)
    {
        var ports = Assert.IsType<YamlSequenceNode>(Child(Service(service), "ports")).Children.Select(p => ((YamlScalarNode)p).Value!);
        // "[address:]host:container", where host may be ${VARIABLE:-default}: the published port is the default.
        Assert.Contains(ports, p => PublishedPort(p) == port);
    }

    private static int? PublishedPort(string mapping)
    {
        var resolved = DefaultValue().Replace(mapping, m => m.Groups[2].Value);
        var parts = resolved.Split(':');
        return parts.Length >= 2 && int.TryParse(parts[^2], out var port) ? port : null;
    }

    [Fact]
    public void Every_variable_the_file_interpolates_is_documented_in_env_example()
    {
        var documented = DocumentedVariables();
        var used = Interpolation().Matches(RepositoryFiles.Read("docker-compose.yml")).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.NotEmpty(used);
        Assert.Empty(used.Except(documented).Order());
    }

    [Fact]
    public void The_portal_is_configured_for_the_production_stack()
    {
        var portal = Service("portal");
        var env = Environment(portal);
        foreach (var setting in new[]
                 {
                     "ConnectionStrings__Primary", "ConnectionStrings__Replica", "Pulse__DataFolder", "Pulse__DataProtection__KeysFolder",
                     "Pulse__SeedDemo", "Pulse__Bootstrap__AdminEmail", "Pulse__Bootstrap__AdminPassword",
                     "Pulse__VectorStore__QdrantUrl", "Pulse__VectorStore__ApiKey", "Pulse__Providers__EmbeddingServerUrl",
                 })
            Assert.True(env.ContainsKey(setting), $"the portal service does not set {setting}");
        Assert.Contains("Host=postgres-primary", env["ConnectionStrings__Primary"]);
        Assert.Contains("Host=postgres-replica", env["ConnectionStrings__Replica"]);
        Assert.Equal("http://qdrant:6333", env["Pulse__VectorStore__QdrantUrl"]);
        Assert.StartsWith("http://embeddings:", env["Pulse__Providers__EmbeddingServerUrl"]);
        // No demo data unless asked for.
        Assert.Equal("${PULSE_SEED_DEMO:-false}", env["Pulse__SeedDemo"]);
        // The key folder and the data folder are on named volumes.
        var volumes = Assert.IsType<YamlSequenceNode>(Child(portal, "volumes")).Children.Select(v => ((YamlScalarNode)v).Value!).ToList();
        var named = ((YamlMappingNode)Compose.Value.Children[new YamlScalarNode("volumes")]).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet();
        foreach (var folder in new[] { env["Pulse__DataFolder"], env["Pulse__DataProtection__KeysFolder"] })
            Assert.Contains(volumes, v => v.EndsWith(":" + folder) && named.Contains(v[..v.IndexOf(':')]));
    }

    [Fact]
    public void The_portal_waits_for_every_other_service_to_be_healthy()
    {
        var dependsOn = Assert.IsType<YamlMappingNode>(Child(Service("portal"), "depends_on"));
        var others = AllServices().Select(s => s.Name).Where(n => n != "portal").Order().ToList();
        Assert.Equal(others, dependsOn.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Order());
        foreach (var (_, condition) in dependsOn.Children)
            Assert.Equal("service_healthy", ((YamlScalarNode)Child((YamlMappingNode)condition, "condition")!).Value);
    }

    [Fact]
    public void The_replica_is_cloned_by_pg_basebackup_and_checked_to_be_in_recovery()
    {
        var replica = Service("postgres-replica");
        var entrypoint = string.Join(' ', ((YamlSequenceNode)Child(replica, "entrypoint")!).Children.Select(c => ((YamlScalarNode)c).Value));
        Assert.Contains("replica-entrypoint.sh", entrypoint);
        Assert.Contains("pg_basebackup", RepositoryFiles.Read("docker/postgres/replica-entrypoint.sh"));
        Assert.Contains("--write-recovery-conf", RepositoryFiles.Read("docker/postgres/replica-entrypoint.sh"));
        Assert.Contains("host replication", RepositoryFiles.Read("docker/postgres/primary-init.sh"));
        var test = string.Join(' ', ((YamlSequenceNode)Child((YamlMappingNode)Child(replica, "healthcheck")!, "test")!).Children.Select(c => ((YamlScalarNode)c).Value));
        Assert.Contains("pg_is_in_recovery()", test);
    }

    [Fact]
    public void Env_example_documents_seed_000s_variables_and_uses_placeholders_for_secrets()
    {
        var documented = DocumentedVariables();
        foreach (var seed in new[] { "QDRANT_HOST", "QDRANT_PORT", "QDRANT_GRPC_PORT", "QDRANT_TIMEOUT", "DEFAULT_EMBEDDING_PROVIDER", "DEFAULT_LLM_PROVIDER", "AI_CACHE_TTL", "AI_BATCH_SIZE", "AI_MAX_RETRIES" })
            Assert.Contains(seed, documented);
        var lines = RepositoryFiles.Read(".env.example").Split('\n').Where(l => !l.StartsWith('#') && l.Contains('='));
        foreach (var line in lines.Where(l => l.Split('=')[0].EndsWith("PASSWORD") || l.Split('=')[0].EndsWith("API_KEY")))
            Assert.Contains("change-me", line, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Every setting the portal reads, as environment variable names: each property of the options classes Pulse.Core
    /// binds (found by their section-name constants, plus the root "Pulse" section of the database options), and each
    /// "Pulse:..." key the sources read directly.
    /// </summary>
    private static SortedSet<string> SettingsThePortalReads()
    {
        var settings = new SortedSet<string>(StringComparer.Ordinal);
        var sections = new List<(string Section, Type Options)> { ("Pulse", typeof(Pulse.Core.Data.DatabaseOptions)) };
        foreach (var type in typeof(Pulse.Core.Data.DatabaseOptions).Assembly.GetTypes().Where(t => t.IsClass && t.Name.EndsWith("Options", StringComparison.Ordinal)))
        {
            var constant = type.GetField("SectionName") ?? type.GetField("Section");
            if (constant is { IsLiteral: true } && constant.GetRawConstantValue() is string section && section.StartsWith("Pulse:", StringComparison.Ordinal))
                sections.Add((section, type));
        }
        foreach (var (section, type) in sections)
        {
            foreach (var property in type.GetProperties().Where(p => p.CanWrite && p.SetMethod!.IsPublic))
            {
                // The connection strings bind from ConnectionStrings:Primary / :Replica, documented with the compose variables.
                if (type == typeof(Pulse.Core.Data.DatabaseOptions) && property.Name is "Primary" or "Replica") continue;
                settings.Add($"{section}:{property.Name}".Replace(":", "__", StringComparison.Ordinal));
            }
        }
        var sectionNames = sections.Select(s => s.Section).ToHashSet();
        foreach (var file in new[] { "Pulse.Core", "Pulse.Portal" }.SelectMany(d => Directory.EnumerateFiles(RepositoryFiles.PathOf(d), "*.cs", SearchOption.AllDirectories))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            foreach (Match key in SettingKey().Matches(File.ReadAllText(file)))
                if (!sectionNames.Contains(key.Groups[1].Value)) settings.Add(key.Groups[1].Value.Replace(":", "__", StringComparison.Ordinal));
        return settings;
    }

    [Fact]
    public void Every_setting_the_portal_reads_is_documented_in_env_example()
    {
        var text = RepositoryFiles.Read(".env.example");
        var settings = SettingsThePortalReads();
        // The finder itself is checked: it sees options properties, direct reads in Pulse.Core and in Pulse.Portal.
        Assert.Contains("Pulse__Indexing__EmbedBatchSize", settings);
        Assert.Contains("Pulse__Usage__Rollup__Interval", settings);
        Assert.Contains("Pulse__Security__LoginAttemptsPerMinute", settings);
        Assert.Contains("Pulse__DataProtection__KeysFolder", settings);
        Assert.DoesNotContain("Pulse__Primary", settings);
        var missing = settings.Where(s => !Regex.IsMatch(text, $@"(?m)\b{Regex.Escape(s)}\b")).ToList();
        Assert.True(missing.Count == 0, $".env.example does not document: {string.Join(", ", missing)}");
    }

    [GeneratedRegex(@"""(Pulse(?::[A-Z][A-Za-z]+)+)""")]
    private static partial Regex SettingKey();

    [GeneratedRegex(@"\$\{([A-Z0-9_]+)(?::?[-?][^}]*)?\}")]
    private static partial Regex Interpolation();

    [GeneratedRegex(@"\$\{[A-Z0-9_]+(:?-)([^}]*)\}")]
    private static partial Regex DefaultValue();

    [GeneratedRegex(@"^FROM\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex FromLine();
}
