using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Pulse.Portal.Tests.Infrastructure;

/// <summary>What a person does in the portal, as browser steps with accessible locators.</summary>
public static class PortalSteps
{
    public static async Task FillSignInFormAsync(this IPage page, string email, string password)
    {
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
    }

    /// <summary>Signs in from the sign-in page and waits for the dashboard.</summary>
    public static async Task SignInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("account/login");
        await page.FillSignInFormAsync(email, password);
        await Expect(page.MainHeading()).ToHaveTextAsync(DemoUsers.Dashboard);
        await page.WaitForInteractiveAsync();
    }

    /// <summary>Waits until the circuit is live: before that, the prerendered page drops clicks and typed text.</summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        Expect(page.Locator("main.pulse-main")).ToHaveAttributeAsync("data-interactive", "true", new() { Timeout = 30_000 });

    /// <summary>The page's one h1.</summary>
    public static ILocator MainHeading(this IPage page) => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    /// <summary>The sidebar navigation.</summary>
    public static ILocator Navigation(this IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" });
}
