using Microsoft.Playwright;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.EndToEnd.Tests.Security;
using static Microsoft.Playwright.Assertions;

namespace Uptime.EndToEnd.Tests.Dashboard;

/// <summary>
/// The dashboard of a hub whose reads need the admin key (<c>HUB_READ_ACCESS=key</c>): the page shows only the login
/// form; logging in shows the websites, logging out the form again.
/// </summary>
public sealed class DashboardLoginTests(ProtectedHubFixture fixture) : DashboardTest<ProtectedHubFixture>(fixture)
{
    [Fact]
    public async Task ReadProtectedHub_LoginFormThenWebsitesThenLogout()
    {
        const string Url = "https://example.com/behind-login";
        await Hub.CreateWebsiteAsync(Url, 60);
        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = browser.Page;

        try
        {
            await browser.OpenAsync(Hub);
            await Expect(page.Locator("#login")).ToBeVisibleAsync();
            await Expect(page.Locator("#login-reason")).ToContainTextAsync("private");
            await Expect(page.Locator("#main")).ToBeHiddenAsync();
            await Expect(page.Locator("#login-open")).ToBeHiddenAsync();

            await page.Locator("#login-form").GetByLabel("Admin key").FillAsync("wrong key");
            await page.Locator("#login-submit").ClickAsync();
            await Expect(page.Locator("#login-message")).ToHaveTextAsync("That key is not valid.");

            await browser.LogInAsync(HubProcess.AdminKey);
            await Expect(page.Locator("#main")).ToBeVisibleAsync();
            await Expect(page.Locator("#site-table").GetByRole(AriaRole.Row).Filter(new() { HasText = Url })).ToBeVisibleAsync();
            await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");

            await page.Locator("#logout").ClickAsync();
            await Expect(page.Locator("#login")).ToBeVisibleAsync();
            await Expect(page.Locator("#main")).ToBeHiddenAsync();
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw browser.Failure(e, Hub);
        }

        // The wrong key's 401 is the only error the browser may log.
        Assert.True(
            browser.PageErrors.Count == 0 && browser.ConsoleErrors.All(e => e.Contains("401", StringComparison.Ordinal)),
            "The page logged errors:" + browser.Describe());
    }
}
