using System.Diagnostics;
using System.Text;

namespace Pulse.Portal.Tests.Verbs;

/// <summary>
/// The built portal run as a child process (<c>dotnet Pulse.Portal.dll ARGS</c>, from the test's output folder, where the build
/// copies the portal with its runtime configuration), its output collected as it comes. Disposing kills it if it still runs.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private PortalProcess(Process process) => _process = process;

    public static PortalProcess Start(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Pulse.Portal.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // The child must not inherit settings meant for this test host (an environment name, a content root).
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment.Remove("ASPNETCORE_CONTENTROOT");

        var process = new Process { StartInfo = start };
        var portal = new PortalProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (portal._output) portal._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (portal._error) portal._error.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return portal;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output { get { lock (_output) return _output.ToString(); } }

    public string Error { get { lock (_error) return _error.ToString(); } }

    /// <summary>Kills the process and its children at once (SIGKILL: no shutdown code runs) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(CancellationToken.None);
    }

    /// <summary>Waits for the process to end by itself; false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        // The asynchronous readers may still be draining the pipes: this overload waits for them too.
        _process.WaitForExit();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) await KillAsync();
        }
        catch (InvalidOperationException) { /* never started or already reaped */ }
        _process.Dispose();
    }
}
