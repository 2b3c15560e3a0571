using System.Text.Json;
using Microsoft.Playwright;
using Pulse.Portal.Tests.Infrastructure;
using Pulse.Testing.Http;
using Pulse.Testing.OpenApi;
using static Microsoft.Playwright.Assertions;

namespace Pulse.Portal.Tests;

/// <summary>The Integrations page in Chromium: create with a write-only key, test the connection, see the chain, refused deletes.</summary>
[Collection(PortalCollection.Name)]
public sealed class IntegrationsPageTests(PortalServerFixture portal, BrowserFixture browser)
{
    private const string Secret = "sk-playwright-NEVER-RENDERED-5e1b";
    private const string Name = "Playwright OpenAI";

    [Fact]
    public async Task A_tenant_owner_creates_an_integration_whose_key_is_never_rendered_tests_it_sees_its_chain_and_cannot_delete_what_it_uses()
    {
        // An OpenAI double on loopback; its traffic is held to the published spec where the specs folder is present.
        var spec = OpenApiSpec.LoadPublished(SpecsFolder.OpenAi, "/v1");
        await using var server = spec is null ? null : await SpecCheckedServer.StartAsync(spec, r => Task.FromResult(Embeddings(r, 1536)), strictRequests: true);
        await using var plain = spec is null ? await LoopbackHttpServer.StartAsync(r => Embeddings(r, 1536)) : null;
        var baseUrl = (server?.BaseAddress ?? plain!.BaseAddress).ToString();

        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.GlobexOwner.Email, portal.DemoPassword);
        await page.GotoAsync("integrations");
        await Expect(page.MainHeading()).ToHaveTextAsync(DemoUsers.Integrations);
        var grid = page.Locator(".integrations-grid");
        await Expect(grid.GetByText("Built-in lexical embedder", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(grid.GetByRole(AriaRole.Row).Filter(new() { HasText = "Built-in lexical embedder" })).ToContainTextAsync("Default");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add integration" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(Name);
        await page.GetByLabel("Base URL", new() { Exact = true }).FillAsync(baseUrl);
        await page.GetByLabel("API key", new() { Exact = true }).FillAsync(Secret);
        await page.GetByLabel("Timeout (seconds)").FillAsync("5");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Fallback" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "OpenAI text-embedding-3-small", Exact = true }).ClickAsync();
        var preview = page.Locator(".chain-preview");
        await Expect(preview).ToContainTextAsync("OpenAI text-embedding-3-small");
        await Expect(preview).ToContainTextAsync("same model and dimension");

        await page.GetByRole(AriaRole.Button, new() { Name = "Test connection" }).ClickAsync();
        await Expect(page.GetByText("Connected in")).ToContainTextAsync("1536-dimensional vectors");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create integration" }).ClickAsync();
        await Expect(page.Locator(".status-message")).ToContainTextAsync($"Created {Name}.");

        var row = grid.GetByRole(AriaRole.Row).Filter(new() { HasText = Name });
        await Expect(row).ToContainTextAsync("Key: set");
        await Expect(row.GetByRole(AriaRole.List, new() { Name = $"Fallback chain of {Name}" }))
            .ToHaveTextAsync(new System.Text.RegularExpressions.Regex($"{Name}.*OpenAI text-embedding-3-small.*Azure OpenAI text-embedding-3-small"));

        Directory.CreateDirectory(ScreenshotTests.Folder);
        await grid.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(ScreenshotTests.Folder, "integrations-grid-globex-owner.png") });

        // Deleting the integration the new one falls back to is refused, after a confirmation, with the reason.
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete OpenAI text-embedding-3-small" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(page.Locator(".status-message")).ToContainTextAsync($"'{Name}' falls back to it");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Edit {Name}" }).ClickAsync();
        await Expect(page.GetByText("Key: set. It is encrypted and never shown")).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotTests.Folder, "integrations-edit-globex-owner.png"), FullPage = true });

        Assert.DoesNotContain(Secret, await page.ContentAsync());
        Assert.Equal(string.Empty, await page.GetByLabel("API key", new() { Exact = true }).InputValueAsync());
        var requests = server?.Requests ?? plain!.Requests;
        Assert.Equal($"Bearer {Secret}", Assert.Single(requests).Header("Authorization"));
        server?.AssertTrafficMatchesSpec();

        // The key travelled from the browser over the circuit: it reached neither the portal's logs nor any column of its database.
        Assert.DoesNotContain(Secret, await portal.ReadLogsAsync());
        var hits = await portal.DatabaseColumnsContainingAsync(Secret);
        Assert.True(hits.Count == 0, "plaintext key found in: " + string.Join(", ", hits));
    }

    [Fact]
    public async Task The_form_names_a_fallback_loop_explains_vector_spaces_and_a_failed_test_in_plain_words_and_every_control_is_labelled()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.GlobexOwner.Email, portal.DemoPassword);
        await page.GotoAsync("integrations");
        await page.WaitForInteractiveAsync();
        var grid = page.Locator(".integrations-grid");
        await Expect(grid.GetByRole(AriaRole.Row).Filter(new() { HasText = "Built-in lexical embedder" })).ToContainTextAsync("calls");
        await AccessibilityAudit.AssertAllControlsNamedAsync(page, "the integrations grid");
        var status = page.Locator(".status-message").First;

        // The default embedder is in use: deleting it is refused after the confirmation, with the reason.
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete Built-in lexical embedder" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Alertdialog, new() { Name = "Delete integration" });
        await Expect(dialog).ToContainTextAsync("Delete Built-in lexical embedder?");
        await AccessibilityAudit.AssertAllControlsNamedAsync(page, "the delete confirmation");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(status).ToContainTextAsync("'Built-in lexical embedder' is in use");
        await Expect(status).ToContainTextAsync("default embedding integration");
        await Expect(grid.GetByText("Built-in lexical embedder", new() { Exact = true })).ToBeVisibleAsync();

        // Enable and disable again.
        const string gateway = "Team LLM gateway (gpt-4o-mini)";
        var gatewayRow = grid.GetByRole(AriaRole.Row).Filter(new() { HasText = gateway });
        await page.GetByRole(AriaRole.Button, new() { Name = $"Enable {gateway}" }).ClickAsync();
        await Expect(status).ToContainTextAsync($"{gateway} is enabled.");
        await Expect(gatewayRow).ToContainTextAsync("Enabled");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Disable {gateway}" }).ClickAsync();
        await Expect(status).ToContainTextAsync($"{gateway} is disabled: chains skip it.");
        await Expect(gatewayRow).ToContainTextAsync("Disabled");

        // Azure is OpenAI's fallback: making OpenAI Azure's fallback would close a loop, which the preview names and the save refuses.
        const string azure = "Azure OpenAI text-embedding-3-small (West Europe)";
        const string openAi = "OpenAI text-embedding-3-small";
        await page.GetByRole(AriaRole.Button, new() { Name = $"Edit {azure}" }).ClickAsync();
        await Expect(page.GetByText("Key: set. It is encrypted and never shown")).ToBeVisibleAsync();
        await AccessibilityAudit.AssertAllControlsNamedAsync(page, "the Azure OpenAI edit form");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Fallback" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = openAi, Exact = true }).ClickAsync();
        var preview = page.Locator(".chain-preview");
        await Expect(preview).ToContainTextAsync($"This fallback would make a loop: {azure} -> {openAi} -> {azure}. A chain must end.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(page.Locator(".integration-form .status-message")).ToContainTextAsync($"would make a loop: {azure} -> {openAi} -> {azure}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();

        // A new OpenAI embedder falling back to the lexical one: another vector space, explained inline.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add integration" }).ClickAsync();
        await AccessibilityAudit.AssertAllControlsNamedAsync(page, "the new OpenAI integration form");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Unreachable OpenAI");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Fallback" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Built-in lexical embedder", Exact = true }).ClickAsync();
        await Expect(preview).ToContainTextAsync("'Built-in lexical embedder' (pulse-lexical-hashing-v1, 384 dimensions) cannot stand in for 'Unreachable OpenAI' (text-embedding-3-small, 1536 dimensions)");
        await Expect(preview).ToContainTextAsync("live in different vector spaces and cannot be searched together");

        // Test connection against a closed port: the failure is in plain words, with the time it took.
        await page.GetByLabel("Base URL", new() { Exact = true }).FillAsync(LoopbackHttpServer.UnusedAddress().ToString());
        await page.GetByLabel("API key", new() { Exact = true }).FillAsync("sk-never-sent-anywhere");
        await page.GetByRole(AriaRole.Button, new() { Name = "Test connection" }).ClickAsync();
        var result = page.GetByText("The connection test failed after");
        await Expect(result).ToContainTextAsync("OpenAI integration 'Unreachable OpenAI' could not be reached at 127.0.0.1:");
        await Expect(result).ToContainTextAsync("(connection refused or failed)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotTests.Folder, "integrations-form-refusals-globex-owner.png"), FullPage = true });

        // Every type's own fields are labelled too.
        foreach (var type in new[] { "Azure OpenAI", "Sentence Transformers (text-embeddings-inference)", "OpenAI-compatible gateway", "Built-in lexical embedder (feature hashing, not neural)" })
        {
            await page.GetByRole(AriaRole.Combobox, new() { Name = "Type", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = type, Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Type", Exact = true })).ToContainTextAsync(type);
            await Expect(page.Locator("#int-kind-list")).ToBeHiddenAsync(); // audit the form, not the closing popup
            await AccessibilityAudit.AssertAllControlsNamedAsync(page, $"the new {type} integration form");
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await Expect(grid.GetByText("Unreachable OpenAI")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_platform_admin_without_a_tenant_is_asked_to_pick_one()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.PlatformAdmin.Email, portal.DemoPassword);
        await page.GotoAsync("integrations");
        await Expect(page.GetByText("Pick a tenant in the header")).ToBeVisibleAsync();
    }

    private static LoopbackResponse Embeddings(RecordedRequest request, int dimension)
    {
        var input = request.JsonBody().GetProperty("input");
        var count = input.ValueKind == JsonValueKind.Array ? input.GetArrayLength() : 1;
        var data = Enumerable.Range(0, count).Select(i => new
        {
            @object = "embedding",
            index = i,
            embedding = Enumerable.Range(0, dimension).Select(d => d == i % dimension ? 1f : 0f).ToArray(),
        });
        return LoopbackResponse.Json(JsonSerializer.Serialize(new
        {
            @object = "list", model = "text-embedding-3-small", data, usage = new { prompt_tokens = 3, total_tokens = 3 },
        }));
    }
}
