using System.Reflection;
using System.Text;
using Pulse.Core.Collections.Schema;
using Pulse.Core.Preferences;

namespace Pulse.Core.Tests.Reliability;

/// <summary>
/// Fuzz-style bad input over collection schema YAML and preference documents: seeded mutations of the built-in schemas
/// and of valid preferences. Every input is accepted or rejected with problems that name what is wrong; no exception
/// escapes the parser or the validator. The seed is fixed, and the failing input is in the assertion message.
/// </summary>
public sealed class SchemaAndPreferencesFuzzTests
{
    private const int Seed = 20261129;

    private static readonly string[] YamlFragments =
    [
        ":", "- ", "\n", "  ", "\t", "{", "}", "[", "]", "&a", "*a", "<<: *a", "!!binary", "!!python/object", "%YAML 1.1\n", "---\n", "...\n", "|", ">",
        "\"", "'", "#", "\u0000", "\ud800", "\ufeff", "-1", "99999999999999999999", "1e400", ".nan", "~", "null", "true", "<script>alert(1)</script>",
        "client_2_docs", "../../etc", "vector_size: 0", "distance: Manhattan", "version: -3", "collections: []", "payload_indexes:\n  x: geo",
    ];

    [Fact]
    public void Mutated_schema_yaml_is_parsed_or_rejected_with_problems_and_nothing_escapes()
    {
        var random = new Random(Seed);
        var valid = CollectionSchemaService.BuiltIn.Select(b => b.Yaml).ToArray();
        Assert.All(valid, y => Assert.True(CollectionSchemaParser.Parse(y).IsValid));
        int accepted = 0, rejected = 0;
        for (var i = 0; i < 2_000; i++)
        {
            var input = Mutate(valid[random.Next(valid.Length)], random);
            SchemaParseResult result;
            try
            {
                result = CollectionSchemaParser.Parse(input);
            }
            catch (Exception ex)
            {
                Assert.Fail($"{ex.GetType().Name} escaped the schema parser for input {Escape(input)}: {ex.Message}");
                return;
            }
            if (result.IsValid)
            {
                accepted++;
                Assert.All(result.Schema!.Collections, c => Assert.False(string.IsNullOrWhiteSpace(c.Name)));
                continue;
            }
            rejected++;
            Assert.True(result.Problems.Count > 0 && result.Problems.All(p => !string.IsNullOrWhiteSpace(p)), $"rejected without a message: {Escape(input)}");
        }
        Assert.True(accepted > 20 && rejected > 500, $"the mutations should exercise both paths: accepted {accepted}, rejected {rejected}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("- a\n- b")]
    [InlineData("just text")]
    [InlineData("a: &a [*a]")]
    [InlineData("\ud800\udfff\ud800")]
    public void Degenerate_schema_documents_are_rejected_with_a_problem(string yaml)
    {
        var result = CollectionSchemaParser.Parse(yaml);
        Assert.False(result.IsValid);
        Assert.NotEmpty(result.Problems);
    }

    [Fact]
    public void A_billion_laughs_schema_is_rejected_quickly_without_expanding()
    {
        var yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 0; i < 9; i++) yaml.Append($"{(char)('b' + i)}: &{(char)('b' + i)} [{string.Join(",", Enumerable.Repeat("*" + (char)('a' + i), 9))}]\n");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = CollectionSchemaParser.Parse(yaml.ToString());
        Assert.False(result.IsValid);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Preference_documents_with_random_extreme_values_are_validated_with_named_problems_and_nothing_escapes()
    {
        var random = new Random(Seed);
        IReadOnlyList<IntegrationOption> integrations = [];
        int withProblems = 0;
        for (var i = 0; i < 2_000; i++)
        {
            var preferences = TenantPreferences.Defaults();
            var changed = new List<string>();
            foreach (var part in new object[] { preferences.DefaultModels, preferences.Performance, preferences.CostLimits, preferences.Pipeline })
                foreach (var property in part.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && random.Next(3) == 0))
                {
                    var value = Extreme(property.PropertyType, random);
                    if (value is Skip) continue;
                    property.SetValue(part, value);
                    changed.Add($"{part.GetType().Name}.{property.Name}={value}");
                }
            IReadOnlyList<PreferenceProblem> problems;
            try
            {
                problems = PreferencesValidator.Validate(preferences, integrations);
            }
            catch (Exception ex)
            {
                Assert.Fail($"{ex.GetType().Name} escaped the preferences validator for {string.Join(", ", changed)}: {ex.Message}");
                return;
            }
            if (problems.Count > 0) withProblems++;
            Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message) || string.IsNullOrWhiteSpace(p.Field), $"unnamed problem for {string.Join(", ", changed)}"));
        }
        Assert.True(withProblems > 500, $"only {withProblems} documents had problems");
    }

    private sealed class Skip;

    private static object? Extreme(Type type, Random random)
    {
        var nullable = Nullable.GetUnderlyingType(type);
        if (nullable is not null && random.Next(4) == 0) return null;
        type = nullable ?? type;
        if (type == typeof(int)) return new[] { int.MinValue, -1, 0, 1, int.MaxValue, random.Next() }[random.Next(6)];
        if (type == typeof(long)) return new[] { long.MinValue, -1L, 0L, long.MaxValue }[random.Next(4)];
        if (type == typeof(decimal)) return new[] { decimal.MinValue, -0.01m, 0m, 0.0000001m, decimal.MaxValue, 1e20m }[random.Next(6)];
        if (type == typeof(double)) return new[] { double.NaN, double.NegativeInfinity, double.PositiveInfinity, -1.0, 0.0, double.MaxValue, double.Epsilon }[random.Next(7)];
        if (type == typeof(bool)) return random.Next(2) == 0;
        if (type == typeof(string))
            return random.Next(8) == 0 ? null : new[] { "", " ", "\u0000", "\ud800", "<script>alert(1)</script>", new string('x', 100_000), "'; DROP TABLE tenants; --", "XYZ", "usd", "€" }[random.Next(10)];
        if (type.IsEnum)
        {
            var values = Enum.GetValues(type);
            return random.Next(4) == 0 ? Enum.ToObject(type, 999) : values.GetValue(random.Next(values.Length));
        }
        return new Skip();
    }

    private static string Mutate(string valid, Random random)
    {
        var text = new StringBuilder(valid);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(text.Length + 1);
            switch (random.Next(4))
            {
                case 0 when text.Length > 0:
                    var start = Math.Min(at, text.Length - 1);
                    text.Remove(start, 1 + random.Next(Math.Min(8, text.Length - start)));
                    break;
                case 1:
                    text.Insert(at, YamlFragments[random.Next(YamlFragments.Length)]);
                    break;
                case 2:
                    text.Insert(at, (char)random.Next(0, 128));
                    break;
                default:
                    var digits = text.ToString().Replace("384", new[] { "0", "-384", "3.5", "65537", "abc", "" }[random.Next(6)], StringComparison.Ordinal);
                    text.Clear().Append(digits);
                    break;
            }
        }
        return text.ToString();
    }

    private static string Escape(string text) => string.Concat(text.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
