using System.Net;
using Pulse.Portal.Tests.Infrastructure;

namespace Pulse.Portal.Tests.Security;

/// <summary>
/// The portal side of the role matrix for actions, over plain HTTP as a forger would send it: each of Acme's roles gets
/// the action controls of its role on the pages it may open (and not the others), and each action endpoint answers
/// exactly the roles DESIGN.md's table gives it; the rest are refused by the server whatever the page showed.
/// (Pulse.Core's RoleActionMatrixTests calls every service action as every role; this checks what the pages render and
/// what the endpoints let through.)
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class RoleActionHttpTests(PortalServerFixture portal)
{
    private static readonly DemoUser[] AcmeRoles = [DemoUsers.AcmeOwner, DemoUsers.AcmeAnalyst, DemoUsers.AcmeOps];

    public static TheoryData<string> AcmeEmails() => new(AcmeRoles.Select(u => u.Email));

    [Theory]
    [MemberData(nameof(AcmeEmails))]
    public async Task Each_role_sees_the_action_controls_of_its_role_and_no_others(string email)
    {
        var ops = email == DemoUsers.AcmeOps.Email;
        var owner = email == DemoUsers.AcmeOwner.Email;
        var acme = await portal.TenantIdAsync(SecurityWorld.Acme);
        var (collections, _) = await portal.CollectionsWithSnapshotAsync(acme);
        using var client = await portal.SignedInClientAsync(email);

        var list = await client.GetStringAsync("collections");
        Assert.Equal(!ops, list.Contains("Your access is read-only.", StringComparison.Ordinal));

        var detail = await client.GetStringAsync("collections/" + collections[0]);
        Assert.Contains(" points</span>", detail); // the collection rendered
        foreach (var control in new[] { ">Take snapshot<", ">Drop collection<" })
            Assert.True(ops == detail.Contains(control, StringComparison.Ordinal), $"{email}: {control} {(ops ? "missing" : "shown")}");

        var preferences = await client.GetStringAsync("preferences");
        // The save button appears only once the circuit is interactive; the read-only notice is the server-rendered decision.
        if (!owner) Assert.DoesNotContain(">Save preferences<", preferences);
        Assert.Equal(!owner, preferences.Contains("You can read these preferences", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AcmeEmails))]
    public async Task Each_action_endpoint_answers_exactly_its_roles_and_refuses_the_others(string email)
    {
        var acme = await portal.TenantIdAsync(SecurityWorld.Acme);
        var (collections, snapshot) = await portal.CollectionsWithSnapshotAsync(acme);
        var from = DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var to = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        // Path -> the Acme roles that may call it (DESIGN.md: ops take snapshots and handle collections; owners review spend).
        var endpoints = new Dictionary<string, DemoUser[]>
        {
            [$"collections/{collections[0]}/snapshots/{snapshot}/download"] = [DemoUsers.AcmeOps],
            [$"collections/{collections[0]}/export?format=jsonl"] = [DemoUsers.AcmeOps],
            [$"collections/{collections[0]}/export?format=csv"] = [DemoUsers.AcmeOps],
            [$"usage/export/aggregated.csv?from={from}&to={to}"] = [DemoUsers.AcmeOwner],
            [$"usage/export/raw.csv?from={from}&to={to}"] = [DemoUsers.AcmeOwner],
        };
        using var client = await portal.SignedInClientAsync(email);

        foreach (var (path, allowed) in endpoints)
        {
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            if (allowed.Any(u => u.Email == email))
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{email} may GET {path} but got {(int)response.StatusCode}");
            }
            else
            {
                var refused = response.StatusCode == HttpStatusCode.Forbidden
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("access-denied", StringComparison.Ordinal));
                Assert.True(refused, $"{email} may not GET {path} but got {(int)response.StatusCode}");
                Assert.DoesNotContain("retry budget", body, StringComparison.OrdinalIgnoreCase); // no payloads
                Assert.DoesNotContain("period_start", body, StringComparison.Ordinal); // no CSV
            }
        }
    }
}
