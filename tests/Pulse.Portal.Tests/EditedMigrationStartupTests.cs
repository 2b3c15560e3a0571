using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Data.Migrations;
using Pulse.Portal.Tests.Infrastructure;
using Pulse.Testing.Postgres;

namespace Pulse.Portal.Tests;

/// <summary>A database whose applied migration no longer matches the build's stops the portal at start-up, naming it.</summary>
public sealed class EditedMigrationStartupTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task The_portal_refuses_to_start_on_an_edited_applied_migration_and_says_which()
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("edited");
        var edited = MigrationCatalog.Embedded[1];
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var tamper = new NpgsqlCommand($"UPDATE schema_migrations SET checksum = repeat('0', 64) WHERE version = {edited.Version}", connection);
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }
        var dataFolder = Path.Combine(Path.GetTempPath(), $"pulse-portal-tests-{Guid.NewGuid():N}");
        var exitCode = Environment.ExitCode;
        await using var factory = new PortalApplicationFactory(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Primary"] = connectionString,
            ["Pulse:DataFolder"] = dataFolder,
            ["Pulse:SeedDemo"] = "false",
        });
        try
        {
            factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            try
            {
                factory.StartServer();
            }
            catch (OperationCanceledException)
            {
                // The refusal came before Kestrel bound its port: the host's start was cancelled by the stop it asked for.
                Assert.Equal(3, Environment.ExitCode);
                return;
            }
            var lifetime = factory.Services.GetRequiredService<IHostApplicationLifetime>();
            var stopping = new TaskCompletionSource();
            using var registration = lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
            await stopping.Task.WaitAsync(TimeSpan.FromSeconds(60));

            var database = factory.Services.GetRequiredService<PulseDatabase>();
            Assert.Equal(DatabaseStatus.Failed, database.Status);
            Assert.Contains($"Migration {edited.Id} was edited after it was applied", database.StatusMessage, StringComparison.Ordinal);
            Assert.Equal(3, Environment.ExitCode);
        }
        finally
        {
            // The portal sets the process's exit code for its own process; this one is the test host's.
            Environment.ExitCode = exitCode;
            try { Directory.Delete(dataFolder, recursive: true); }
            catch (DirectoryNotFoundException) { }
        }
    }
}
