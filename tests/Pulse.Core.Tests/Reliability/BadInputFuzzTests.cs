using System.Text;
using System.Text.Json.Nodes;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Embedded;
using Pulse.Core.VectorStore.Filters;
using Pulse.Testing;

namespace Pulse.Core.Tests.Reliability;

/// <summary>
/// Fuzz-style bad input over the filter JSON and collection names: thousands of seeded mutations of valid inputs.
/// Every input is either accepted or rejected with a message naming the problem; nothing else may escape (no
/// NullReference, no IndexOutOfRange, no stack overflow), and every accepted filter runs against a real embedded store.
/// The seed is fixed so a failure reproduces; the failing input is in the assertion message.
/// </summary>
public sealed class BadInputFuzzTests : IDisposable
{
    private const int Seed = 20261128;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"pulse-fuzz-{Guid.NewGuid():N}");

    private static readonly string[] ValidFilters =
    [
        """{"must":[{"key":"category","match":{"value":"docs"}}]}""",
        """{"should":[{"key":"n","range":{"gte":1,"lt":10.5}},{"key":"tags","match":{"any":["a","b"]}}],"must_not":[{"is_empty":{"key":"title"}}]}""",
        """{"must":[{"key":"title","match":{"text":"retry budget"}},{"has_id":[1,2,"6f1c0d52-3c3e-4f53-9d0a-1e2f3a4b5c6d"]}]}""",
        """{"must":[{"nested":{"key":"authors","filter":{"must":[{"key":"name","match":{"value":"ada"}}]}}},{"key":"tags","values_count":{"gte":1}}]}""",
        """{"must_not":[{"is_null":{"key":"owner"}},{"key":"kind","match":{"except":["draft"]}}],"should":[{"filter":{"must":[{"key":"n","range":{"lte":3}}]}}]}""",
        """{"must":[{"key":"flag","match":{"value":true}},{"key":"n","match":{"value":7}}]}""",
    ];

    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "null", "true", "-1e999", "1e309", "NaN", "\u0000", "\u001b", "\ud800", "<script>alert(1)</script>",
        "\"key\"", "\"match\"", "\"range\"", "\"must\"", "\"nested\"", "\"has_id\"", "\"gte\"", "[1,2", "{\"value\":[]}", "\"\"", "18446744073709551616", "-0",
    ];

    [Fact]
    public async Task Mutated_filter_json_is_either_parsed_and_runs_or_rejected_with_a_message_naming_where()
    {
        using var store = await SeededStoreAsync();
        var random = new Random(Seed);
        int accepted = 0, rejected = 0;
        for (var i = 0; i < 3_000; i++)
        {
            var input = Mutate(ValidFilters[random.Next(ValidFilters.Length)], random);
            Filter? filter;
            try
            {
                filter = FilterJson.Parse(input);
            }
            catch (FilterParseException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Problem), $"empty message for {input}");
                Assert.StartsWith("Invalid filter at $", ex.Message);
                rejected++;
                continue;
            }
            catch (Exception ex)
            {
                Assert.Fail($"{ex.GetType().Name} escaped the filter parser for input {Escape(input)}: {ex.Message}");
                return;
            }
            accepted++;
            // An accepted filter must round-trip and run; the store may still refuse it (e.g. a nested key that is not an array) with its own message.
            Assert.Equal(FilterJson.ToJsonString(filter), FilterJson.ToJsonString(FilterJson.Parse(FilterJson.ToJsonString(filter))));
            try
            {
                await store.CountAsync("fuzz", filter);
            }
            catch (VectorStoreException ex) when (ex.Kind == VectorStoreErrorKind.Validation)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            }
        }
        Assert.True(accepted > 50 && rejected > 500, $"the mutations should exercise both paths: accepted {accepted}, rejected {rejected}");
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(100_000)]
    public void Deeply_nested_filters_are_rejected_with_a_message_not_a_stack_overflow(int depth)
    {
        var json = new StringBuilder();
        for (var i = 0; i < depth; i++) json.Append("{\"must\":[{\"filter\":");
        json.Append("{}");
        for (var i = 0; i < depth; i++) json.Append("}]}");

        var ex = Assert.Throws<FilterParseException>(() => FilterJson.Parse(json.ToString()));

        Assert.Contains("$", ex.Message);
    }

    [Fact]
    public async Task Random_collection_names_are_accepted_only_when_safe_and_never_touch_files_outside_the_store()
    {
        using var store = new EmbeddedVectorStore(Path.Combine(_folder, "names"));
        var random = new Random(Seed);
        string[] nasty = ["", " ", "..", "../escape", "a/b", "a\\b", "con", "name\u0000x", "x\u202Ey", "<script>", "client_", "client_1_", "client_x_docs", new string('a', 256), "ok_name-1"];
        var names = nasty.Concat(Enumerable.Range(0, 500).Select(_ => RandomText(random, random.Next(0, 40)))).ToList();
        foreach (var name in names)
        {
            var problem = CollectionNames.Problem(name);
            if (problem is null)
            {
                Assert.Matches("^[A-Za-z0-9_-]{1,255}$", name);
                await store.CreateCollectionAsync(name, new CollectionDefinition(4, Distance.Cosine));
                Assert.True(await store.CollectionExistsAsync(name));
                Assert.True(await store.DeleteCollectionAsync(name));
                continue;
            }
            var ex = await Assert.ThrowsAsync<VectorStoreException>(() => store.CreateCollectionAsync(name, new CollectionDefinition(4, Distance.Cosine)));
            Assert.Equal(VectorStoreErrorKind.Validation, ex.Kind);
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        }
        Assert.False(Directory.Exists(Path.Combine(_folder, "escape")));
        Assert.Equal([Path.Combine(_folder, "names")], Directory.EnumerateDirectories(_folder));
    }

    private async Task<EmbeddedVectorStore> SeededStoreAsync()
    {
        var store = new EmbeddedVectorStore(Path.Combine(_folder, "filters"));
        await store.CreateCollectionAsync("fuzz", new CollectionDefinition(4, Distance.Cosine));
        var points = Enumerable.Range(1, 20).Select(i => new VectorPoint((ulong)i, [i, 1, 0, 1], new JsonObject
        {
            ["category"] = i % 2 == 0 ? "docs" : "code",
            ["n"] = i,
            ["tags"] = new JsonArray("a", i % 3 == 0 ? "b" : "c"),
            ["title"] = i % 5 == 0 ? "" : $"retry budget {i}",
            ["flag"] = i % 2 == 0,
            ["owner"] = i % 4 == 0 ? null : "ops",
            ["authors"] = new JsonArray(new JsonObject { ["name"] = i % 2 == 0 ? "ada" : "lin" }),
        })).ToList();
        await store.UpsertAsync("fuzz", points);
        return store;
    }

    private static string Mutate(string valid, Random random)
    {
        var text = new StringBuilder(valid);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(text.Length + 1);
            switch (random.Next(5))
            {
                case 0 when text.Length > 0:
                    text.Remove(Math.Min(at, text.Length - 1), 1 + random.Next(Math.Min(5, text.Length - Math.Min(at, text.Length - 1))));
                    break;
                case 1:
                    text.Insert(at, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 2:
                    text.Insert(at, (char)random.Next(0, 128));
                    break;
                case 3:
                    // Swap a value for one of another JSON type, keeping the text well-formed more often.
                    var replaced = text.ToString().Replace("\"docs\"", new[] { "1", "[1]", "{}", "null", "\"\"" }[random.Next(5)]);
                    text.Clear().Append(replaced);
                    break;
                default:
                    var replaced2 = text.ToString().Replace("1", new[] { "-1", "1.5", "\"1\"", "1e400", "true" }[random.Next(5)]);
                    text.Clear().Append(replaced2);
                    break;
            }
        }
        return text.ToString();
    }

    private static string RandomText(Random random, int length)
    {
        const string alphabet = "abcXYZ019_-./\\ \u00e9\u4e2d\u0000\t\n'\"<>%$";
        return new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
    }

    private static string Escape(string text) => string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    public void Dispose()
    {
        TestFolders.TryDelete(_folder);
    }
}
