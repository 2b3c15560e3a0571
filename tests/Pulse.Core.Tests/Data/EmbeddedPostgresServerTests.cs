using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pulse.Core.Data.Postgres;
using Pulse.Testing;

namespace Pulse.Core.Tests.Data;

public sealed class EmbeddedPostgresServerTests
{
    [Fact]
    public async Task A_stopped_cluster_starts_again_from_its_folder_with_its_data_port_and_password()
    {
        var root = Path.Combine(Path.GetTempPath(), $"pulse-test-restart-{Guid.NewGuid():N}");
        var server = new EmbeddedPostgresServer(Path.Combine(root, "cluster"), NullLogger.Instance);
        try
        {
            var first = await server.StartAsync("restart");
            await Execute(first, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survives')");
            await server.StopAsync();
            NpgsqlConnection.ClearAllPools();

            var again = new EmbeddedPostgresServer(Path.Combine(root, "cluster"), NullLogger.Instance);
            var second = await again.StartAsync("restart");

            Assert.Equal(server.Port, again.Port);
            await using var connection = new NpgsqlConnection(second);
            await connection.OpenAsync();
            await using var read = new NpgsqlCommand("SELECT v FROM kept", connection);
            Assert.Equal("survives", await read.ExecuteScalarAsync());
            Assert.Equal(new NpgsqlConnectionStringBuilder(first).Password, new NpgsqlConnectionStringBuilder(second).Password);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await server.StopAsync();
            TestFolders.TryDelete(root);
        }
    }

    [Fact]
    public async Task A_folder_holding_something_else_is_refused_with_a_clear_message()
    {
        var root = Path.Combine(Path.GetTempPath(), $"pulse-test-occupied-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "notes.txt"), "mine");
        try
        {
            var error = await Assert.ThrowsAsync<EmbeddedPostgresException>(() => new EmbeddedPostgresServer(root, NullLogger.Instance).StartAsync("x"));
            Assert.Contains("not empty", error.Message);
        }
        finally
        {
            TestFolders.TryDelete(root);
        }
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
