using Pulse.Testing.OpenApi;
using Pulse.Testing;

namespace Pulse.Core.Tests.Testing;

public sealed class SpecsFolderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"pulse-specs-{Guid.NewGuid():N}");

    [Fact]
    public void Finds_shared_specs_beside_a_checkout_from_deep_inside_it()
    {
        var specs = Directory.CreateDirectory(Path.Combine(_root, "shared", "specs")).FullName;
        var bin = Directory.CreateDirectory(Path.Combine(_root, "wt-foo", "tests", "X", "bin", "Debug", "net10.0")).FullName;

        Assert.Equal(specs, SpecsFolder.Find(bin));
    }

    [Fact]
    public void Returns_null_when_no_ancestor_has_shared_specs()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_root, "main", "bin")).FullName;

        // Only meaningful where the temp folder itself has no shared/specs above it.
        Assert.True(SpecsFolder.Find(Path.GetTempPath()) is not null || SpecsFolder.Find(bin) is null);
    }

    [Fact]
    public void Gives_a_reason_naming_the_missing_file()
    {
        var reason = SpecsFolder.SkipReason("no-such-spec.json");

        Assert.NotNull(reason);
        Assert.Contains("not found: protocol checks against the published specification are skipped", reason);
    }

    [Fact]
    public void Spec_fact_is_skipped_with_the_reason_only_when_its_file_is_missing()
    {
        Assert.Contains("no-such-spec.json not found", new SpecFactAttribute("no-such-spec.json").Skip);
        if (SpecsFolder.FindFile(SpecsFolder.Tei) is not null)
        {
            Assert.Null(new SpecFactAttribute(SpecsFolder.Tei).Skip);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            TestFolders.TryDelete(_root);
        }
    }
}
