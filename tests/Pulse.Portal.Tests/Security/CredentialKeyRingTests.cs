using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Integrations;
using Pulse.Portal.Infrastructure;
using Pulse.Testing;

namespace Pulse.Portal.Tests.Security;

/// <summary>
/// Provider keys are encrypted with the portal's Data Protection key ring, which lives on disk: a key stored by one
/// portal process is read by the next one (a restart) with the same folder, and by no portal with another key ring.
/// Each "process" here is the portal's own key ring registration (AddPulseDataProtection, as AddPulsePortal calls it) on a fresh container.
/// </summary>
public sealed class CredentialKeyRingTests : IDisposable
{
    private const string Secret = "sk-keyring-survives-restart-31f0";
    private readonly string _root = Directory.CreateTempSubdirectory("pulse-keyring-").FullName;

    [Fact]
    public async Task A_key_encrypted_before_a_restart_is_read_after_it_and_the_key_ring_is_kept_private()
    {
        var dataFolder = Path.Combine(_root, "data");
        string stored;
        await using (var first = Portal(dataFolder))
            stored = first.GetRequiredService<IntegrationCredentialProtector>().Protect(Secret);
        Assert.DoesNotContain(Secret, stored);

        await using (var restarted = Portal(dataFolder))
            Assert.Equal(Secret, restarted.GetRequiredService<IntegrationCredentialProtector>().Unprotect(stored)!.Reveal());

        var keys = Path.Combine(dataFolder, "keys");
        Assert.NotEmpty(Directory.GetFiles(keys, "key-*.xml"));
        Assert.All(Directory.GetFiles(keys), file => Assert.DoesNotContain(Secret, File.ReadAllText(file)));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys));

        // Another key ring (another installation, or a lost keys folder) cannot read it: the key counts as not readable, never as garbage.
        await using var stranger = Portal(Path.Combine(_root, "other"));
        Assert.True(IntegrationCredentialProtector.HasSecret(stored));
        Assert.Null(stranger.GetRequiredService<IntegrationCredentialProtector>().Unprotect(stored));
    }

    [Fact]
    public async Task A_configured_keys_folder_is_shared_by_portals_with_different_data_folders()
    {
        var shared = Path.Combine(_root, "shared-keys");
        string stored;
        await using (var one = Portal(Path.Combine(_root, "one"), shared))
            stored = one.GetRequiredService<IntegrationCredentialProtector>().Protect(Secret);

        await using var two = Portal(Path.Combine(_root, "two"), shared);
        Assert.Equal(Secret, two.GetRequiredService<IntegrationCredentialProtector>().Unprotect(stored)!.Reveal());
        Assert.False(Directory.Exists(Path.Combine(_root, "two", "keys")) && Directory.GetFiles(Path.Combine(_root, "two", "keys")).Length > 0);
    }

    // The portal's Data Protection registration on a fresh container, as one portal process has it. No host is built:
    // WebApplicationFactory fixtures running in parallel capture the next host built in the process.
    private static ServiceProvider Portal(string dataFolder, string? keysFolder = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pulse:DataProtection:KeysFolder"] = keysFolder,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPulseDataProtection(configuration, dataFolder, dataFolder);
        services.AddSingleton<IntegrationCredentialProtector>();
        return services.BuildServiceProvider();
    }

    public void Dispose() => TestFolders.TryDelete(_root);
}
