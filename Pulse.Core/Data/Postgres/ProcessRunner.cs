using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Pulse.Core.Data.Postgres;

/// <summary>Runs the PostgreSQL programs, as the <c>postgres</c> OS user when this process is root (initdb refuses root).</summary>
internal static partial class ProcessRunner
{
    public static bool IsRoot => geteuid() == 0;

    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (IsRoot)
        {
            info.FileName = "runuser";
            foreach (var a in new[] { "-u", "postgres", "--", program }) info.ArgumentList.Add(a);
        }
        else
        {
            info.FileName = program;
        }
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["LC_ALL"] = "C.UTF-8";

        using var process = Process.Start(info) ?? throw new EmbeddedPostgresException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }

    /// <summary>Hands a folder to the postgres user when running as root, so the server can own its cluster.</summary>
    public static async Task GiveToPostgresAsync(string path, CancellationToken cancellationToken)
    {
        if (!IsRoot) return;
        using var chown = Process.Start(new ProcessStartInfo("chown", ["-R", "postgres:postgres", path]) { UseShellExecute = false })!;
        await chown.WaitForExitAsync(cancellationToken);
        if (chown.ExitCode != 0) throw new EmbeddedPostgresException($"Could not give {path} to the postgres user (chown exit {chown.ExitCode}).");
    }

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
