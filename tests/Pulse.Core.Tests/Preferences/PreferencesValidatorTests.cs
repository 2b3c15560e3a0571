using Pulse.Core.Preferences;
using Pulse.Core.Providers;

namespace Pulse.Core.Tests.Preferences;

public sealed class PreferencesValidatorTests
{
    private static readonly IReadOnlyList<IntegrationOption> Integrations =
    [
        new(1, "OpenAI small", ProviderSubtype.Embedding, ProviderKind.OpenAI),
        new(2, "TEI MiniLM", ProviderSubtype.Embedding, ProviderKind.SentenceTransformers),
        new(3, "GPT chat", ProviderSubtype.Llm, ProviderKind.OpenAI),
    ];

    private static IReadOnlyList<PreferenceProblem> Validate(Action<TenantPreferences> edit)
    {
        var preferences = TenantPreferences.Defaults();
        edit(preferences);
        return PreferencesValidator.Validate(preferences, Integrations);
    }

    private static PipelineTableSettings WorkItems(TenantPreferences p) => p.Pipeline.Tables.Single(t => t.SourceTable == "work_items");

    private static PreferenceProblem Single(Action<TenantPreferences> edit) => Assert.Single(Validate(edit));

    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(Validate(_ => { }));

    [Fact]
    public void A_negative_budget_is_refused_and_zero_means_no_budget()
    {
        var problem = Single(p => p.CostLimits.MonthlyBudget = -1m);
        Assert.Equal("cost_limits.monthly_budget", problem.Field);
        Assert.Contains("zero (no budget) or more", problem.Message);
        Assert.Empty(Validate(p => p.CostLimits.MonthlyBudget = 0m));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void A_threshold_outside_1_to_100_percent_is_refused(int threshold)
    {
        var problem = Single(p => p.CostLimits.AlertThresholdPercent = threshold);
        Assert.Equal($"Alert threshold must be between 1 and 100 percent; it is {threshold}.", problem.Message);
    }

    [Fact]
    public void The_batch_size_is_capped_by_what_the_chosen_embedding_provider_accepts()
    {
        Assert.Empty(Validate(p => { p.DefaultModels.EmbeddingIntegrationId = 1; p.Performance.BatchSize = 2048; }));
        var problem = Single(p => { p.DefaultModels.EmbeddingIntegrationId = 2; p.Performance.BatchSize = 64; });
        Assert.Equal("performance.batch_size", problem.Field);
        Assert.Contains("between 1 and 32", problem.Message);
        Assert.Contains("TEI MiniLM", problem.Message);
    }

    [Fact]
    public void A_chunk_overlap_over_half_the_chunk_size_is_refused()
    {
        var problem = Single(p => { p.Pipeline.ChunkSize = 256; p.Pipeline.ChunkOverlap = 129; });
        Assert.Equal("Chunk overlap must be zero or more and at most half the chunk size (128 of 256); it is 129.", problem.Message);
        Assert.Empty(Validate(p => { p.Pipeline.ChunkSize = 256; p.Pipeline.ChunkOverlap = 128; }));
    }

    [Fact]
    public void A_template_that_references_an_unknown_column_is_refused_naming_the_column()
    {
        var problem = Single(p => WorkItems(p).Template = "{summary} in {colour}");
        Assert.Equal("pipeline.tables.work_items.template", problem.Field);
        Assert.StartsWith("The template for work_items references the unknown column 'colour'", problem.Message);
    }

    [Fact]
    public void An_unknown_source_table_and_a_bad_collection_name_are_refused()
    {
        var problems = Validate(p =>
        {
            p.Pipeline.Tables.Add(new PipelineTableSettings { SourceTable = "salaries", Template = "{amount}", TargetCollection = "pay" });
            WorkItems(p).TargetCollection = "Work Items!";
        });
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Message.StartsWith("'salaries' is not a source table", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.StartsWith("Target collection 'Work Items!' for work_items", StringComparison.Ordinal));
    }

    [Fact]
    public void A_default_must_be_an_enabled_integration_of_the_right_subtype()
    {
        var problem = Single(p => p.DefaultModels.LlmIntegrationId = 1);
        Assert.Equal("default_models.llm_integration_id", problem.Field);
        Assert.Contains("enabled language-model integrations; integration 1 is not", problem.Message);
        Assert.Empty(Validate(p => p.DefaultModels.LlmIntegrationId = 3));
    }

    [Fact]
    public void Documents_round_trip_as_snake_case_json_with_a_schema_version()
    {
        var json = PreferenceDocuments.Write(new CostLimitsPreference { MonthlyBudget = 12.5m, ActionAtLimit = BudgetAction.Refuse });
        Assert.Contains("\"schema_version\":2", json);
        Assert.Contains("\"action_at_limit\":\"refuse\"", json);
        var back = PreferenceDocuments.Read<CostLimitsPreference>(json);
        Assert.Equal(12.5m, back.MonthlyBudget);
        Assert.Equal(BudgetAction.Refuse, back.ActionAtLimit);
        Assert.Equal(80, PreferenceDocuments.Read<CostLimitsPreference>("{}").AlertThresholdPercent);
    }

    [Fact]
    public void Provider_caps_must_name_a_paid_provider_once_with_a_cap_above_zero()
    {
        Assert.Empty(Validate(p => p.CostLimits.ProviderCaps = [new() { Provider = "openai", MonthlyCap = 10m }, new() { Provider = "gateway", MonthlyCap = 2.5m }]));

        var problems = Validate(p => p.CostLimits.ProviderCaps =
        [
            new() { Provider = "openai", MonthlyCap = 10m },
            new() { Provider = "openai", MonthlyCap = 0m },
            new() { Provider = "local_hashing", MonthlyCap = 5m },
            new() { Provider = "cohere", MonthlyCap = 5m },
        ]);
        Assert.Equal(
        [
            "OpenAI has two caps; keep one.",
            "The monthly cap for OpenAI must be more than zero (remove the cap for no limit); it is 0.",
            "'local_hashing' is not a provider a cap can be set on; choose one of OpenAI, Azure OpenAI, Sentence Transformers (text-embeddings-inference), OpenAI-compatible gateway.",
            "'cohere' is not a provider a cap can be set on; choose one of OpenAI, Azure OpenAI, Sentence Transformers (text-embeddings-inference), OpenAI-compatible gateway.",
        ], problems.Select(p => p.Message));
        Assert.Equal("cost_limits.provider_caps.openai", problems[0].Field);
    }

    [Fact]
    public void A_version_1_cost_limits_document_is_upgraded_to_the_current_shape_without_caps()
    {
        const string version1 = """{"schema_version":1,"monthly_budget":25,"alert_threshold_percent":70,"action_at_limit":"refuse","currency":"USD"}""";

        var read = PreferenceDocuments.Read<CostLimitsPreference>(version1);

        Assert.Equal(CostLimitsPreference.CurrentVersion, read.SchemaVersion);
        Assert.Equal((25m, 70, BudgetAction.Refuse), (read.MonthlyBudget, read.AlertThresholdPercent, read.ActionAtLimit));
        Assert.Empty(read.ProviderCaps);
        Assert.Contains("\"provider_caps\":[]", PreferenceDocuments.Write(read));
        // A document from before versioning (no schema_version) counts as version 1.
        Assert.Equal(CostLimitsPreference.CurrentVersion, PreferenceDocuments.Read<CostLimitsPreference>("""{"monthly_budget":5}""").SchemaVersion);
        Assert.Equal(5m, PreferenceDocuments.Read<CostLimitsPreference>("""{"monthly_budget":5}""").MonthlyBudget);
    }

    [Fact]
    public void A_document_from_a_newer_portal_keeps_its_version_so_it_is_recognised_as_newer()
    {
        var newer = PreferenceDocuments.Read<CostLimitsPreference>("""{"schema_version":9,"monthly_budget":40,"something_new":{"a":1}}""");
        Assert.Equal(9, newer.SchemaVersion);
        Assert.Equal(40m, newer.MonthlyBudget);
        var preferences = TenantPreferences.Defaults();
        Assert.Null(preferences.NewerDocument());
        preferences.CostLimits = newer;
        Assert.Equal(PreferenceDocuments.CostLimitsType, preferences.NewerDocument());
    }

    [Fact]
    public void A_default_models_option_names_its_provider_once()
    {
        Assert.Equal("TEI MiniLM (Sentence Transformers (text-embeddings-inference))", Integrations[1].Label);
        Assert.Equal("OpenAI small", Integrations[0].Label);
        Assert.Equal("Built-in lexical embedder (feature hashing, not neural)",
            new IntegrationOption(9, "Built-in lexical embedder", ProviderSubtype.Embedding, ProviderKind.LocalHashing).Label);
        Assert.Equal("OpenAI production", new IntegrationOption(9, "OpenAI production", ProviderSubtype.Embedding, ProviderKind.OpenAI).Label);
        Assert.Equal("Legacy", new IntegrationOption(9, "Legacy", ProviderSubtype.Llm, null).Label);
    }
}
