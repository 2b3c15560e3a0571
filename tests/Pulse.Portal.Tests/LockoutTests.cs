using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Data.Entities;
using Pulse.Core.Tenancy;
using Pulse.Portal.Tests.Infrastructure;

namespace Pulse.Portal.Tests;

[Collection(PortalCollection.Name)]
public sealed partial class LockoutTests(PortalServerFixture portal)
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_even_the_right_one_is_then_refused()
    {
        const string email = "lockout.victim@acme.test";
        const string password = "Right-password-2026";
        using (var scope = portal.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PulseUser>>();
            var user = new PulseUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, password)).Succeeded);
            await users.AddToRoleAsync(user, PulseRoles.Analyst);
        }

        for (var i = 1; i < IdentityPolicy.MaxFailedAttempts; i++)
        {
            var attempt = await PostLoginAsync(email, "wrong-password-" + i);
            Assert.Contains("Invalid email or password.", attempt);
            Assert.DoesNotContain("wrong-password-" + i, attempt);
        }
        Assert.Contains("this account is locked", await PostLoginAsync(email, "wrong-password-last"));
        var page = await PostLoginAsync(email, password);

        Assert.Contains("this account is locked", page);
        Assert.DoesNotContain("Invalid email or password.", page);
        Assert.DoesNotContain(password, page);
    }

    private async Task<string> PostLoginAsync(string email, string password)
    {
        using var client = portal.CreateClient(cookies: new CookieContainer());
        var form = await client.GetStringAsync("account/login");
        var fields = HiddenInput().Matches(form).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        using var response = await client.PostAsync("account/login", new FormUrlEncodedContent(fields));
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
