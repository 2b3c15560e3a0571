using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Pulse.Portal.Infrastructure;

/// <summary>
/// X-Forwarded-For and X-Forwarded-Proto from a TLS-terminating proxy, honoured only when
/// <c>Pulse:Security:TrustForwardedHeaders</c> is on and only from the proxies in <c>Pulse:Security:TrustedProxies</c>
/// (addresses or CIDR networks; default: loopback, a proxy on the same machine). A proxy elsewhere (another host, or
/// Docker's bridge gateway in front of a published port) must be listed, or its headers are ignored as a client's would be.
/// The proxy must pass the browser's Host header on (X-Forwarded-Host is not read).
/// </summary>
public static class PortalForwardedHeaders
{
    public const string TrustKey = "Pulse:Security:TrustForwardedHeaders";
    public const string ProxiesKey = "Pulse:Security:TrustedProxies";

    /// <summary>The middleware's options, or null when forwarded headers are not trusted (the default).</summary>
    public static ForwardedHeadersOptions? FromConfiguration(IConfiguration configuration)
    {
        if (!configuration.GetValue(TrustKey, false)) return null;
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        var listed = configuration[ProxiesKey];
        if (string.IsNullOrWhiteSpace(listed)) return options;

        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var entry in listed.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry.Contains('/', StringComparison.Ordinal) && System.Net.IPNetwork.TryParse(entry, out var network))
                options.KnownIPNetworks.Add(network);
            else if (!entry.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(entry, out var address))
                options.KnownProxies.Add(address);
            else
                throw new InvalidOperationException($"{ProxiesKey}: '{entry}' is neither an IP address nor a CIDR network (such as 10.0.0.0/8).");
        }
        return options;
    }
}
