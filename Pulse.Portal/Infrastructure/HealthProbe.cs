namespace Pulse.Portal.Infrastructure;

/// <summary>
/// <c>Pulse.Portal healthcheck [URL]</c>: one GET against the running portal's <c>/readyz</c> (by default on the port in
/// <c>ASPNETCORE_HTTP_PORTS</c>, else 8080), exit code 0 on a 2xx answer and 1 otherwise, with the answer printed.
/// The container image's HEALTHCHECK runs it: the ASP.NET Core runtime image has no curl or wget, and this needs
/// nothing beyond the runtime already there (it also works on the chiseled images, which have no shell).
/// It runs before the web host is built, so a probe costs one short-lived process and no start-up work.
/// </summary>
public static class HealthProbe
{
    public const string Verb = "healthcheck";

    /// <summary>True when the arguments ask for the probe.</summary>
    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Verb;

    /// <summary>Probes and returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken = default)
    {
        var url = args.Length > 1 ? args[1] : DefaultUrl(Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS"), Environment.GetEnvironmentVariable("Pulse__PathBase"));
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(url, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            await output.WriteLineAsync($"{(int)response.StatusCode} {url} {body}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException or InvalidOperationException)
        {
            await output.WriteLineAsync($"unreachable {url}: {ex.Message}");
            return 1;
        }
    }

    /// <summary>http://127.0.0.1:{first port of ASPNETCORE_HTTP_PORTS, else 8080}{Pulse__PathBase}/readyz.</summary>
    public static string DefaultUrl(string? httpPorts, string? pathBase = null)
    {
        var first = (httpPorts ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var port = int.TryParse(first, out var parsed) ? parsed : 8080;
        var prefix = (pathBase ?? "").Trim().Trim('/');
        return $"http://127.0.0.1:{port}/{(prefix.Length > 0 ? prefix + "/" : "")}readyz";
    }
}
