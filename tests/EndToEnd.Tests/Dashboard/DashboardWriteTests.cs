using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Uptime.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Uptime.EndToEnd.Tests.Dashboard;

/// <summary>
/// Every write the dashboard makes, through its own controls in a real browser, logged in with the session cookie:
/// add, pause, resume, change the interval, delete. The hub takes cookie writes only from its own page with a JSON
/// content type (its defence against cross-site request forgery), so each must reach the database.
/// </summary>
public sealed class DashboardWriteTests(DefaultHubFixture fixture) : DashboardTest<DefaultHubFixture>(fixture)
{
    [Fact]
    public async Task LoggedIn_AddPauseResumeIntervalDelete_EachStored()
    {
        const string Url = "https://example.com/dashboard-writes";
        await using var browser = await DashboardBrowser.LaunchLoggedInAsync(Hub);
        var page = browser.Page;
        try
        {

            var form = page.Locator("#add-form");
            await form.GetByLabel("URL", new() { Exact = true }).FillAsync(Url);
            await form.GetByLabel("Interval (s)").FillAsync("30");
            await form.GetByRole(AriaRole.Button, new() { Name = "Add website" }).ClickAsync();
            await Expect(page.Locator("#add-message")).ToHaveTextAsync($"Added {Url}.");
            var id = await WebsiteIdAsync(Url);

            await page.Locator("#site-table").GetByRole(AriaRole.Row).Filter(new() { HasText = Url }).ClickAsync();
            await Expect(page.Locator("#detail")).ToBeVisibleAsync();
            await page.Locator("#detail-toggle").ClickAsync();
            await WaitForStoredAsync(id, "paused", website => !website.GetProperty("enabled").GetBoolean());
            await page.Locator("#detail-toggle").ClickAsync();
            await WaitForStoredAsync(id, "resumed", website => website.GetProperty("enabled").GetBoolean());
            await page.Locator("#detail-interval").FillAsync("120");
            await page.Locator("#interval-form").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await WaitForStoredAsync(id, "interval 120 s", website => website.GetProperty("interval").GetInt32() == 120);

            await page.Locator("#detail-delete").ClickAsync();
            await page.Locator("#confirm-yes").ClickAsync();
            await Eventually.UntilAsync(
                async () => (await Hub.Http.GetAsync($"api/websites/{id}")).StatusCode,
                status => status == HttpStatusCode.NotFound,
                DashboardBrowser.DefaultTimeout,
                status => $"the website deleted through the dashboard still answers {status}{browser.Describe()}{Hub.Diagnostics}");
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw browser.Failure(e, Hub);
        }

        Assert.True(browser.PageErrors.Count == 0 && browser.ConsoleErrors.Count == 0, "The page logged errors:" + browser.Describe());
    }

    /// <summary>
    /// The detail panel loads the website (with its statistics) as it opens; when that load is answered only after a
    /// pause was, its older copy of the website must not undo the pause in the page, or the next click on the toggle
    /// pauses again instead of resuming. The statistics are held back until the pause is stored, so the order is
    /// the same on every run.
    /// </summary>
    [Fact]
    public async Task LoggedIn_DetailLoadAnsweredAfterAPause_NextToggleResumes()
    {
        const string Url = "https://example.com/dashboard-late-detail";
        var id = (await Hub.CreateWebsiteAsync(Url, 30)).GetProperty("id").GetGuid();
        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = browser.Page;
        var statsReleased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await page.RouteAsync(url => url.Contains("/stats?", StringComparison.Ordinal), async route =>
            {
                await statsReleased.Task;
                await route.ContinueAsync();
            });
            await browser.OpenAsync(Hub);
            await browser.LogInAsync(HubProcess.AdminKey);

            await page.Locator("#site-table").GetByRole(AriaRole.Row).Filter(new() { HasText = Url }).ClickAsync();
            await Expect(page.Locator("#detail")).ToBeVisibleAsync();
            await page.Locator("#detail-toggle").ClickAsync();
            await WaitForStoredAsync(id, "paused", website => !website.GetProperty("enabled").GetBoolean());
            await Expect(page.Locator("#detail-toggle")).ToHaveTextAsync("Resume");

            statsReleased.SetResult();
            await Expect(page.Locator("#detail-stats")).ToContainTextAsync("Checks");
            await page.Locator("#detail-toggle").ClickAsync();
            await WaitForStoredAsync(id, "resumed", website => website.GetProperty("enabled").GetBoolean());
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw browser.Failure(e, Hub);
        }
        finally
        {
            statsReleased.TrySetResult();
        }

        Assert.True(browser.PageErrors.Count == 0 && browser.ConsoleErrors.Count == 0, "The page logged errors:" + browser.Describe());
    }

    private async Task<Guid> WebsiteIdAsync(string url)
    {
        using var websites = JsonDocument.Parse(await Hub.Http.GetStringAsync("api/websites?limit=1000"));
        return websites.RootElement.EnumerateArray().Single(w => w.GetProperty("url").GetString() == url).GetProperty("id").GetGuid();
    }

    private Task<JsonElement> WaitForStoredAsync(Guid id, string what, Func<JsonElement, bool> stored) =>
        Eventually.UntilAsync(
            async () =>
            {
                using var website = JsonDocument.Parse(await Hub.Http.GetStringAsync($"api/websites/{id}"));
                return website.RootElement.Clone();
            },
            stored,
            DashboardBrowser.DefaultTimeout,
            last => $"the website was not {what} through the dashboard (hub has {last}){Hub.Diagnostics}");
}
