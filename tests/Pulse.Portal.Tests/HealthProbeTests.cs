using Pulse.Portal.Infrastructure;
using Pulse.Portal.Tests.Infrastructure;
using Pulse.Testing.Http;

namespace Pulse.Portal.Tests;

/// <summary>The container image's health check verb (<c>Pulse.Portal healthcheck</c>) against the running portal.</summary>
[Collection(PortalCollection.Name)]
public sealed class HealthProbeTests(PortalServerFixture portal)
{
    [Fact]
    public async Task The_probe_exits_0_when_readyz_answers_200()
    {
        var output = new StringWriter();
        var code = await HealthProbe.RunAsync([HealthProbe.Verb, new Uri(portal.BaseAddress, "readyz").ToString()], output);
        Assert.True(code == 0, output.ToString());
        Assert.StartsWith("200 ", output.ToString());
    }

    [Fact]
    public async Task The_probe_exits_1_when_nothing_answers()
    {
        var output = new StringWriter();
        var code = await HealthProbe.RunAsync([HealthProbe.Verb, new Uri(LoopbackHttpServer.UnusedAddress(), "readyz").ToString()], output);
        Assert.Equal(1, code);
        Assert.StartsWith("unreachable ", output.ToString());
    }

    [Theory]
    [InlineData(null, "http://127.0.0.1:8080/readyz")]
    [InlineData("8080", "http://127.0.0.1:8080/readyz")]
    [InlineData("5099;5100", "http://127.0.0.1:5099/readyz")]
    [InlineData("not-a-port", "http://127.0.0.1:8080/readyz")]
    public void The_default_url_follows_ASPNETCORE_HTTP_PORTS(string? ports, string expected) =>
        Assert.Equal(expected, HealthProbe.DefaultUrl(ports));

    [Theory]
    [InlineData("/pulse", "http://127.0.0.1:8080/pulse/readyz")]
    [InlineData("pulse/", "http://127.0.0.1:8080/pulse/readyz")]
    [InlineData("", "http://127.0.0.1:8080/readyz")]
    public void The_default_url_carries_Pulse__PathBase(string pathBase, string expected) =>
        Assert.Equal(expected, HealthProbe.DefaultUrl(null, pathBase));
}
