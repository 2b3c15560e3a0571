using System.Text.Json;
using Microsoft.Playwright;

namespace Pulse.Portal.Tests.Infrastructure;

/// <summary>
/// What a screen reader would find unnamed on the page as it is now: Chromium's own accessibility tree (through the
/// DevTools protocol) for every button and form control, and the DOM for every form field, which must be named by a
/// label, aria-labelledby or aria-label (a placeholder is a hint, not a label, and disappears as soon as one types).
/// </summary>
public static class AccessibilityAudit
{
    private static readonly HashSet<string> ControlRoles =
        ["button", "textbox", "searchbox", "combobox", "listbox", "checkbox", "switch", "radio", "spinbutton", "slider", "option", "menuitem", "tab"];

    // Form fields a user can reach (not type=hidden, not inside something hidden from everyone) with no label of their own.
    private const string UnlabelledFieldsScript = """
        () => [...document.querySelectorAll('input, select, textarea')]
          .filter(e => e.type !== 'hidden' && !e.closest('[aria-hidden="true"], [hidden], [inert]'))
          .filter(e => {
            const text = s => (s ?? '').replace(/\s+/g, ' ').trim();
            const byLabel = [...(e.labels ?? [])].some(l => text(l.textContent) !== '');
            const byIds = (e.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean)
              .some(id => text(document.getElementById(id)?.textContent) !== '');
            return !byLabel && !byIds && text(e.getAttribute('aria-label')) === '';
          })
          .map(e => e.outerHTML.slice(0, 200))
        """;

    /// <summary>One line per problem; empty when every control has a name and every field a label.</summary>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(IPage page)
    {
        var problems = new List<string>();
        var session = await page.Context.NewCDPSessionAsync(page);
        try
        {
            var tree = await session.SendAsync("Accessibility.getFullAXTree") ?? throw new InvalidOperationException("Chromium returned no accessibility tree.");
            foreach (var node in tree.GetProperty("nodes").EnumerateArray())
            {
                if (node.TryGetProperty("ignored", out var ignored) && ignored.GetBoolean()) continue;
                var role = Value(node, "role");
                if (role is null || !ControlRoles.Contains(role)) continue;
                if (!string.IsNullOrWhiteSpace(Value(node, "name"))) continue;
                problems.Add($"{role} without an accessible name: {await DescribeAsync(session, node)}");
            }
        }
        finally
        {
            await session.DetachAsync();
        }

        problems.AddRange((await page.EvaluateAsync<string[]>(UnlabelledFieldsScript)).Select(html => $"form field without a label: {html}"));
        return problems;
    }

    /// <summary>Fails with every problem listed, naming where the page was.</summary>
    public static async Task AssertAllControlsNamedAsync(IPage page, string where)
    {
        var problems = await ProblemsAsync(page);
        Assert.True(problems.Count == 0, $"{where}: {problems.Count} unnamed control(s):{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    private static string? Value(JsonElement node, string property) =>
        node.TryGetProperty(property, out var holder) && holder.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static async Task<string> DescribeAsync(ICDPSession session, JsonElement node)
    {
        if (!node.TryGetProperty("backendDOMNodeId", out var id)) return "(no DOM node)";
        try
        {
            var html = await session.SendAsync("DOM.getOuterHTML", new Dictionary<string, object> { ["backendNodeId"] = id.GetInt32() });
            var text = html?.GetProperty("outerHTML").GetString() ?? "";
            return text.Length > 200 ? text[..200] + "…" : text;
        }
        catch (PlaywrightException ex)
        {
            return $"(node {id.GetInt32()}: {ex.Message})";
        }
    }
}
