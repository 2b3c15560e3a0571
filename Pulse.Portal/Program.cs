using Pulse.Portal.Infrastructure;

// The container health check: a GET on /readyz, before (and without) building the web host.
if (HealthProbe.IsRequested(args)) return await HealthProbe.RunAsync(args, Console.Out);

var builder = WebApplication.CreateBuilder(PortalContentRoot.Options(CommandLine.HostArguments(args)));
builder.AddPulsePortal();

var app = builder.Build();
if (await CommandLine.TryRunAsync(app, args))
{
    // Disposing the host flushes the embedded vector store and closes the connection pools before the process ends.
    await app.DisposeAsync();
    return Environment.ExitCode;
}

app.UsePulsePortal();
await app.RunAsync();
return Environment.ExitCode;

/// <summary>The portal's entry point; public so in-process tests can host it.</summary>
public partial class Program;
