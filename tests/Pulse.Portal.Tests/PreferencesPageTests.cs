using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Preferences;
using Pulse.Core.Tenancy;
using Pulse.Testing.Postgres;
using Pulse.Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Pulse.Portal.Tests;

/// <summary>/preferences in Chromium: an owner changes the budget and sees the gauge, the confirmation and the history; an analyst only reads.</summary>
[Collection(PortalCollection.Name)]
public sealed class PreferencesPageTests(PortalServerFixture portal, BrowserFixture browser)
{
    [Fact]
    public async Task An_owner_changes_the_budget_sees_the_gauge_move_saves_and_sees_the_confirmation_and_the_history_row()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.GlobexOwner.Email, portal.DemoPassword);
        await page.GotoAsync("preferences");
        await Expect(page.MainHeading()).ToHaveTextAsync(DemoUsers.Preferences);
        var budget = page.GetByLabel("Monthly budget (USD)");
        await Expect(budget).ToBeEditableAsync();
        await Expect(page.GetByTestId("gauge-budget")).ToContainTextAsync("of a 100.00 USD budget");
        await Expect(page.GetByTestId("gauge-projection")).ToContainTextAsync("At the current rate this month will cost about");
        await Expect(page.GetByText("No changes saved yet")).ToBeVisibleAsync();

        var overlap = page.GetByLabel("Chunk overlap (characters)");
        await overlap.FillAsync("600");
        await overlap.PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save preferences" }).ClickAsync();
        await Expect(page.Locator(".validation-summary")).ToContainTextAsync("Chunk overlap must be zero or more and at most half the chunk size (500 of 1000); it is 600.");
        await overlap.FillAsync("100");
        await overlap.PressAsync("Tab");

        await budget.FillAsync("250");
        await budget.PressAsync("Tab");
        await Expect(page.GetByTestId("gauge-budget")).ToContainTextAsync("of a 250.00 USD budget");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save preferences" }).ClickAsync();

        await Expect(page.Locator(".status-message")).ToContainTextAsync("Preferences saved (revision 1).");
        await Expect(page.Locator(".validation-summary")).ToHaveCountAsync(0);
        var history = page.GetByRole(AriaRole.List, new() { Name = "Changes, newest first" });
        await Expect(history).ToContainTextAsync("Globex Owner");
        await Expect(history).ToContainTextAsync("Cost limits › Monthly budget: 100.00 USD → 250.00 USD");
        await Expect(page.Locator(".spend-gauge svg").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("preferences-owner.png"), FullPage = true });

        await page.GetByRole(AriaRole.Heading, new() { Name = "Pipeline configuration" }).ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("preferences-owner-pipeline.png") });

        await page.ReloadAsync();
        await Expect(page.GetByLabel("Monthly budget (USD)")).ToHaveValueAsync("250");

        // An optional per-provider cap: added, listed under the gauge, saved as the next revision and named in the history.
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Add a cap for" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "OpenAI", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add cap" }).ClickAsync();
        var cap = page.GetByLabel("Monthly cap for OpenAI (USD)");
        await cap.FillAsync("40");
        await cap.PressAsync("Tab");
        await Expect(page.GetByTestId("gauge-caps")).ToContainTextAsync("OpenAI:");
        await Expect(page.GetByTestId("gauge-caps")).ToContainTextAsync("of a 40.00 USD cap");
        Assert.Empty(await UnlabelledControlsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save preferences" }).ClickAsync();
        await Expect(page.Locator(".status-message")).ToContainTextAsync("Preferences saved (revision 2).");
        await Expect(history.Locator(".history-entry").First).ToContainTextAsync("Cost limits › Monthly cap for OpenAI: (none) → 40.00 USD");
        await page.GetByRole(AriaRole.Group, new() { Name = "Month-to-date spend against the budget" }).ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("preferences-owner-caps.png") });
    }

    [Fact]
    public async Task An_analyst_reads_the_preferences_but_has_nothing_to_save_with()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.AcmeAnalyst.Email, portal.DemoPassword);
        await page.GotoAsync("preferences");

        await Expect(page.GetByText("You can read these preferences; tenant owners and platform admins change them.")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Monthly budget (USD)")).ToBeDisabledAsync();
        await Expect(page.GetByLabel("Template for work_items")).ToBeDisabledAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save preferences" })).ToHaveCountAsync(0);
        await Expect(page.Locator(".spend-gauge svg").First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add cap" })).ToHaveCountAsync(0);
        Assert.Empty(await UnlabelledControlsAsync(page));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("preferences-analyst.png"), FullPage = true });
    }

    [Fact]
    public async Task The_dashboard_shows_a_budget_banner_once_spend_passes_the_alert_threshold()
    {
        await using (var db = new PulseDbContextFactory(portal.Services.GetRequiredService<PulseDatabase>(), SystemTenantContext.Platform).CreateDbContext())
        {
            var acme = await db.Tenants.SingleAsync(t => t.Slug == "acme");
            // Acme's demo budget is 25 USD with an 80% alert and warn-only: 24 USD is past the threshold without refusing anything.
            db.AiUsage.Add(new AiUsageRecord { TenantId = acme.Id, Provider = "openai", Operation = "embedding", Cost = 24m });
            await db.SaveChangesAsync();
        }
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.AcmeOwner.Email, portal.DemoPassword);

        var banner = page.Locator(".budget-banner");
        await Expect(banner).ToContainTextAsync("monthly budget of 25.00 USD");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("dashboard-budget-banner.png") });
        await banner.GetByRole(AriaRole.Link, new() { Name = "Review the budget" }).ClickAsync();
        await Expect(page.MainHeading()).ToHaveTextAsync(DemoUsers.Preferences);
    }

    [Fact]
    public async Task The_dashboard_and_the_gauge_say_when_a_refusing_budget_and_a_provider_cap_are_spent()
    {
        // A tenant of its own, so the demo tenants the other tests use keep making AI calls.
        var email = $"refusing-{Guid.NewGuid():N}"[..20] + "@refusing.test";
        const string password = "Refusing-owner-2026!";
        using (var scope = portal.Services.CreateScope())
        {
            var database = portal.Services.GetRequiredService<PulseDatabase>();
            int tenantId;
            await using (var db = new PulseDbContextFactory(database, SystemTenantContext.Platform).CreateDbContext())
            {
                var tenant = new Tenant { Name = "Zz Refusing Tenant", Slug = $"zz-{Guid.NewGuid():N}"[..20] };
                db.Tenants.Add(tenant);
                await db.SaveChangesAsync();
                tenantId = tenant.Id;
            }
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PulseUser>>();
            var user = new PulseUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Rita Refusing", TenantId = tenantId };
            var created = await users.CreateAsync(user, password);
            Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, PulseRoles.TenantOwner);

            var owner = new TestTenantContext(tenantId, false, user.Id.ToString(), PulseRoles.TenantOwner);
            var service = new PreferencesService(new PulseDbContextFactory(database, owner), owner, TimeProvider.System);
            var edit = TenantPreferences.Defaults();
            edit.CostLimits = new CostLimitsPreference
            {
                MonthlyBudget = 10m, AlertThresholdPercent = 80, ActionAtLimit = BudgetAction.Refuse,
                ProviderCaps = [new ProviderCap { Provider = "openai", MonthlyCap = 4m }],
            };
            await service.SaveAsync(edit, 0);
            await using var spend = new PulseDbContextFactory(database, SystemTenantContext.Platform).CreateDbContext();
            spend.AiUsage.Add(new AiUsageRecord { TenantId = tenantId, Provider = "openai", Operation = "embedding", Cost = 12.5m });
            await spend.SaveChangesAsync();
        }

        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(email, password);

        var banners = page.Locator(".budget-banner");
        await Expect(banners.First).ToContainTextAsync("The monthly AI budget of 10.00 USD is spent (12.50 USD in");
        await Expect(banners.First).ToContainTextAsync("new AI calls are refused");
        await Expect(banners.Nth(1)).ToContainTextAsync("The OpenAI monthly cap of 4.00 USD is spent (12.50 USD in");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("dashboard-budget-refusing.png") });

        await page.GotoAsync("preferences");
        var gauge = page.GetByRole(AriaRole.Group, new() { Name = "Month-to-date spend against the budget" });
        await Expect(gauge).ToContainTextAsync("125% of a 10.00 USD budget");
        await Expect(gauge).ToContainTextAsync("new AI calls are refused");
        await Expect(page.GetByTestId("gauge-caps")).ToContainTextAsync("OpenAI: 12.50 USD of a 4.00 USD cap (312.5%)");
    }

    [Fact]
    public async Task A_platform_admin_without_a_chosen_tenant_is_asked_to_pick_one()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.PlatformAdmin.Email, portal.DemoPassword);
        await page.GotoAsync("preferences");

        await Expect(page.GetByText("Pick a tenant in the header to see and change its AI preferences.")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Monthly budget (USD)")).ToHaveCountAsync(0);
    }

    /// <summary>The visible inputs, text areas, selects and buttons of the page's main area that have no accessible name.</summary>
    private static async Task<string[]> UnlabelledControlsAsync(IPage page) => await page.EvaluateAsync<string[]>("""
        () => Array.from(document.querySelectorAll('main input:not([type=hidden]), main textarea, main select, main button, main [role=combobox], main [role=spinbutton]'))
            .filter(e => e.offsetParent !== null)
            .filter(e => {
                const text = s => (s || '').trim();
                const name = text(e.getAttribute('aria-label'))
                    || text((e.getAttribute('aria-labelledby') || '').split(' ').map(id => document.getElementById(id)?.textContent || '').join(' '))
                    || (e.id && text(document.querySelector(`label[for="${CSS.escape(e.id)}"]`)?.textContent))
                    || text(e.closest('label')?.textContent)
                    || text(e.getAttribute('title'))
                    || (e.tagName === 'BUTTON' ? text(e.textContent) : '');
                return !name;
            })
            .map(e => e.outerHTML.slice(0, 160))
        """);

    private static string Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotTests.Folder);
        return Path.Combine(ScreenshotTests.Folder, name);
    }
}
