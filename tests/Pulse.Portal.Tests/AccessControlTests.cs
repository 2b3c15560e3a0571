using Microsoft.Playwright;
using Pulse.Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Pulse.Portal.Tests;

/// <summary>Pages a role may not open say so, whether reached by link or typed in; anonymous visitors are sent to sign in.</summary>
[Collection(PortalCollection.Name)]
public sealed class AccessControlTests(PortalServerFixture portal, BrowserFixture browser)
{
    [Theory]
    [InlineData("admin")]
    [InlineData("integrations")]
    public async Task Analyst_opening_a_page_of_another_role_directly_sees_access_denied(string route)
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.AcmeAnalyst.Email, portal.DemoPassword);

        await page.GotoAsync(route);

        await Expect(page.MainHeading()).ToHaveTextAsync("Access denied");
    }

    [Fact]
    public async Task Anonymous_visitor_of_the_dashboard_is_sent_to_the_sign_in_page()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();

        await page.GotoAsync("");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login\\?returnUrl=%2F$", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        await Expect(page.MainHeading()).ToHaveTextAsync("Sign in");
    }
}
