namespace Pulse.Portal.Tests.Infrastructure;

/// <summary>All portal tests share one portal host and one browser; xunit runs them one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalServerFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "Portal";
}
