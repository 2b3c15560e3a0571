using Microsoft.Playwright;
using Pulse.Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Pulse.Portal.Tests;

/// <summary>Each demo account signs in, sees its tenant and exactly its pages, walks them, and signs out.</summary>
[Collection(PortalCollection.Name)]
public sealed class SignInAndNavigationTests(PortalServerFixture portal, BrowserFixture browser)
{
    [Theory]
    [MemberData(nameof(DemoUsers.Emails), MemberType = typeof(DemoUsers))]
    public async Task Demo_user_sees_its_tenant_and_only_its_pages_and_can_open_each_and_sign_out(string email)
    {
        var user = DemoUsers.ByEmail(email);
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();

        await page.SignInAsync(user.Email, portal.DemoPassword);

        if (user.Tenant is null)
        {
            await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Tenant" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch" })).ToBeVisibleAsync();
        }
        else
        {
            await Expect(page.Locator(".tenant-name")).ToHaveTextAsync(user.Tenant);
        }

        var navigation = page.Navigation();
        await Expect(navigation.GetByRole(AriaRole.Link)).ToHaveCountAsync(user.Pages.Count);
        foreach (var title in DemoUsers.Routes.Keys.Except(user.Pages))
            await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = title })).ToHaveCountAsync(0);

        foreach (var title in user.Pages)
        {
            await navigation.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Uri(portal.BaseAddress, DemoUsers.Routes[title]).ToString());
            await Expect(page.MainHeading()).ToHaveTextAsync(title);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(portal.BaseAddress, "/account/login").ToString());
        await Expect(page.MainHeading()).ToHaveTextAsync("Sign in");
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_show_the_same_short_message()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();

        foreach (var (email, password) in new[] { (DemoUsers.AcmeOps.Email, "not-the-password"), ("nobody@acme.test", portal.DemoPassword) })
        {
            await page.GotoAsync("account/login");
            await page.FillSignInFormAsync(email, password);
            var alert = page.GetByRole(AriaRole.Alert);
            await Expect(alert).ToHaveTextAsync("Invalid email or password.");
            await Expect(alert).ToHaveCountAsync(1);
            await Expect(page.MainHeading()).ToHaveTextAsync("Sign in");
            Assert.Contains("/account/login", page.Url);
        }
    }
}
