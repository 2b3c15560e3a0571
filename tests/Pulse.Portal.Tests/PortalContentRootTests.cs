using Pulse.Portal.Infrastructure;
using Pulse.Testing;

namespace Pulse.Portal.Tests;

/// <summary>A published portal started from another directory still finds its wwwroot.</summary>
public sealed class PortalContentRootTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pulse-contentroot-").FullName;

    private string Folder(string name, bool withWebRoot)
    {
        var path = Path.Combine(_root, name);
        Directory.CreateDirectory(withWebRoot ? Path.Combine(path, "wwwroot", "_framework") : path);
        return path;
    }

    private static string? NoEnvironment(string _) => null;

    [Fact]
    public void A_published_layout_started_from_elsewhere_uses_the_application_folder()
    {
        var published = Folder("publish", withWebRoot: true);
        Assert.Equal(published, PortalContentRoot.Resolve([], Folder("elsewhere", false), published, NoEnvironment));
    }

    [Fact]
    public void The_default_stands_when_the_current_directory_has_a_wwwroot_or_the_application_folder_has_none()
    {
        Assert.Null(PortalContentRoot.Resolve([], Folder("project", true), Folder("publish", true), NoEnvironment));
        Assert.Null(PortalContentRoot.Resolve([], Folder("elsewhere", false), Folder("bin", false), NoEnvironment));
    }

    [Fact]
    public void An_explicit_content_root_always_wins()
    {
        var published = Folder("publish", withWebRoot: true);
        var elsewhere = Folder("elsewhere", false);
        Assert.Null(PortalContentRoot.Resolve(["--contentRoot=/srv/pulse"], elsewhere, published, NoEnvironment));
        Assert.Null(PortalContentRoot.Resolve([], elsewhere, published, name => name == "ASPNETCORE_CONTENTROOT" ? "/srv/pulse" : null));
    }

    public void Dispose() => TestFolders.TryDelete(_root);
}
