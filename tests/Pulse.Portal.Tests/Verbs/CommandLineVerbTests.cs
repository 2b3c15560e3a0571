namespace Pulse.Portal.Tests.Verbs;

/// <summary>The schema and indexing verbs of the command line, run in process over a throwaway database and data folder.</summary>
public sealed class CommandLineVerbTests(CommandLineFixture cli) : IClassFixture<CommandLineFixture>
{
    private static async Task<string> WriteAsync(string name, string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pulse-cli-{Guid.NewGuid():N}-{name}");
        await File.WriteAllTextAsync(path, yaml);
        return path;
    }

    [Fact]
    public async Task Schema_validate_names_every_problem_of_a_bad_file_and_exits_1()
    {
        var file = await WriteAsync("bad.yaml", "schema: bad\nversion: 1\ncollections:\n  docs:\n    vector_size: 0\n    distance: Sideways\n");

        var (exit, output, _) = await cli.RunAsync("schema", "validate", file);

        Assert.Equal(1, exit);
        Assert.Contains("2 problem(s)", output);
        Assert.Contains("line 5: vector_size 0 of collection 'docs' is out of range", output);
        Assert.Contains("line 6: distance 'Sideways' is not known", output);
    }

    [Fact]
    public async Task Schema_verbs_refuse_a_tenant_template_without_a_tenant_and_unknown_words_with_exit_2()
    {
        var file = await WriteAsync("tenant.yaml", TenantTemplate());

        Assert.Equal(2, (await cli.RunAsync("schema", "diff", file)).Exit);
        Assert.Equal(2, (await cli.RunAsync("schema", "apply", file, "--tenant", "x")).Exit);
        var (exit, _, error) = await cli.RunAsync("schema", "frobnicate", file);
        Assert.Equal(2, exit);
        Assert.Contains("usage:", error);
    }

    [Fact]
    public async Task Schema_diff_then_apply_creates_the_tenant_collection_and_records_the_version_by_the_command_line()
    {
        var file = await WriteAsync("tenant.yaml", TenantTemplate());
        var tenant = cli.TenantId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var diff = await cli.RunAsync("schema", "diff", file, "--tenant", tenant);
        Assert.Equal(0, diff.Exit);
        Assert.Contains($"client_{tenant}_cli_docs: create", diff.Output);
        Assert.Contains("Create: 8 dimensions, Cosine", diff.Output);

        var apply = await cli.RunAsync("schema", "apply", file, "--tenant", tenant, "--yes");
        Assert.True(apply.Exit == 0, apply.Output + apply.Error);
        Assert.Contains($"client_{tenant}_cli_docs: Create", apply.Output);
        Assert.Contains($"client_{tenant}_cli_docs: version 1 recorded on client_{tenant}_cli_docs_v1 by cli@", apply.Output);
        var recordedBy = await cli.ScalarAsync("SELECT applied_by_name FROM collection_schema_versions WHERE collection_name = @c", ("c", $"client_{tenant}_cli_docs"));
        Assert.StartsWith("cli@", Assert.IsType<string>(recordedBy));

        var again = await cli.RunAsync("schema", "diff", file, "--tenant", tenant);
        Assert.Contains("Up to date.", again.Output);
        var inPlace = await WriteAsync("tenant2.yaml", TenantTemplate(version: 2, extraIndex: "  topic: keyword"));
        var plan = await cli.RunAsync("schema", "diff", inPlace, "--tenant", tenant);
        Assert.Contains($"client_{tenant}_cli_docs: in place", plan.Output);
        Assert.Contains("Create payload index topic (keyword).", plan.Output);
    }

    [Fact]
    public async Task Index_runs_a_job_to_the_end_then_status_and_reconcile_report_its_counts()
    {
        var tenant = cli.TenantId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var index = await cli.RunAsync("index", "--tenant", tenant, "--source", "work_items");
        Assert.True(index.Exit == 0, index.Output + index.Error);
        Assert.Contains($"{cli.WorkItems}/{cli.WorkItems} rows", index.Output);
        Assert.Contains("rows/s", index.Output);
        Assert.Contains($"Completed job", index.Output);
        Assert.Contains($"{cli.WorkItems} rows ({cli.WorkItems} embedded", index.Output);

        var status = await cli.RunAsync("index", "status", "--tenant", tenant);
        Assert.Equal(0, status.Exit);
        var line = status.Output.Split('\n').Single(l => l.Contains("work_items", StringComparison.Ordinal) && l.Contains("completed", StringComparison.Ordinal));
        Assert.Contains($"{cli.WorkItems}/{cli.WorkItems}", line);

        var reconcile = await cli.RunAsync("reconcile", "--tenant", tenant);
        Assert.Equal(0, reconcile.Exit);
        Assert.Contains("Missing: 0  Orphans: 0  Stale model: 0", reconcile.Output);
        Assert.Contains("Clean:", reconcile.Output);

        var repair = await cli.RunAsync("reconcile", "--tenant", tenant, "--repair");
        Assert.Equal(0, repair.Exit);

        var usage = await cli.RunAsync("index", "--tenant", tenant);
        Assert.Equal(2, usage.Exit);
        Assert.Contains("--source", usage.Error);
    }

    private static string TenantTemplate(int version = 1, string? extraIndex = null) => $"""
        schema: cli-docs
        version: {version}
        scope: tenant
        collections:
          cli_docs:
            vector_size: 8
            distance: Cosine
            payload_indexes:
              title: keyword
        {(extraIndex is null ? "" : "    " + extraIndex)}
        """;
}
