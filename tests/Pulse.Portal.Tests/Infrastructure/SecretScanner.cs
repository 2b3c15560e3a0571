using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pulse.Portal.Tests.Security;

namespace Pulse.Portal.Tests.Infrastructure;

/// <summary>Looks for secrets where they must never be: the portal's log files and every text, JSON or bytea column of its database.</summary>
public static class SecretScanner
{
    /// <summary>An OpenAI-style provider key (<c>sk-</c> and 16 or more key characters), as a POSIX and .NET regular expression.</summary>
    public const string ProviderKeyShape = "(^|[^A-Za-z0-9])sk-[A-Za-z0-9_-]{16,}";

    /// <summary>This portal's API key token (<c>ApiKeyToken</c>), as a POSIX and .NET regular expression.</summary>
    public const string ApiTokenShape = "pulse_[a-km-z2-9]{12}_[A-Za-z0-9_-]{40,}";

    /// <summary>
    /// What a sweep finds shaped like a provider key or an API key token in the database and the log files: "table.column"
    /// entries and the first characters of each log match. Empty when nothing leaked.
    /// </summary>
    public static async Task<List<string>> CredentialShapedPlaintextAsync(this PortalServerFixture portal)
    {
        var findings = (await portal.DatabaseColumnsMatchingAsync(ProviderKeyShape, ApiTokenShape)).Select(c => "database " + c).ToList();
        var logs = await portal.ReadLogsAsync();
        findings.AddRange(System.Text.RegularExpressions.Regex.Matches(logs, ProviderKeyShape + "|" + ApiTokenShape)
            .Select(m => "log " + m.Value.Trim()[..Math.Min(12, m.Value.Trim().Length)] + "…"));
        return findings;
    }

    /// <summary>Everything the portal has logged to its files so far.</summary>
    public static async Task<string> ReadLogsAsync(this PortalServerFixture portal)
    {
        var folder = Path.Combine(portal.Services.GetRequiredService<IConfiguration>()["Pulse:DataFolder"]!, "logs");
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        var text = new StringBuilder();
        foreach (var file in files)
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            text.Append(await reader.ReadToEndAsync());
        }
        return text.ToString();
    }

    /// <summary>"table.column" of every text, JSON or bytea column of the portal's database holding one of the needles.</summary>
    public static Task<List<string>> DatabaseColumnsContainingAsync(this PortalServerFixture portal, params string[] needles) =>
        portal.DatabaseColumnsWhereAsync(needles, (column, type, parameter) => type == "bytea"
            ? $"position(convert_to({parameter}, 'UTF8') in \"{column}\") > 0"
            : $"strpos(\"{column}\"::text, {parameter}) > 0");

    /// <summary>"table.column" of every text, JSON or bytea column with a value matching one of the POSIX regular expressions.</summary>
    public static Task<List<string>> DatabaseColumnsMatchingAsync(this PortalServerFixture portal, params string[] patterns) =>
        portal.DatabaseColumnsWhereAsync(patterns, (column, type, parameter) => type == "bytea"
            ? $"encode(\"{column}\", 'escape') ~ {parameter}"
            : $"\"{column}\"::text ~ {parameter}");

    private static async Task<List<string>> DatabaseColumnsWhereAsync(this PortalServerFixture portal, string[] needles, Func<string, string, string, string> condition)
    {
        await using var db = portal.PlatformDb();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        var columns = new List<(string Schema, string Table, string Column, string Type)>();
        await using (var list = new NpgsqlCommand("""
            SELECT c.table_schema, c.table_name, c.column_name, c.data_type FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
            WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')
              AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY')
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        Assert.Contains(columns, c => c.Table == "integrations" && c.Column == "credentials");
        Assert.True(columns.Count > 50, $"only {columns.Count} columns scanned");

        var hits = new List<string>();
        foreach (var (schema, table, column, type) in columns)
        {
            var sql = $"SELECT count(*) FROM \"{schema}\".\"{table}\" WHERE " + string.Join(" OR ", needles.Select((_, i) => condition(column, type, "@n" + i)));
            await using var command = new NpgsqlCommand(sql, connection);
            for (var i = 0; i < needles.Length; i++) command.Parameters.AddWithValue("n" + i, needles[i]);
            if ((long)(await command.ExecuteScalarAsync())! > 0) hits.Add($"{table}.{column}");
        }
        return hits;
    }
}
