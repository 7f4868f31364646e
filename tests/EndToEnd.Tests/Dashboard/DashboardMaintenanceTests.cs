using System.Text.Json;
using Microsoft.Playwright;
using Uptime.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Uptime.EndToEnd.Tests.Dashboard;

/// <summary>
/// A maintenance window planned through the dashboard's own form, in a real browser logged in with the session cookie: the
/// website's row turns Maintenance (its own colour and label), the header counts it, the window is listed as active, and
/// deleting the window from the list brings the website back to its verdict.
/// </summary>
public sealed class DashboardMaintenanceTests(DefaultHubFixture fixture) : DashboardTest<DefaultHubFixture>(fixture)
{
    [Fact]
    public async Task LoggedIn_PlanAWindowForTheSelectedWebsite_ItsRowShowsMaintenanceUntilTheWindowIsDeleted()
    {
        var url = $"https://example.com/dashboard-maintenance-{Guid.NewGuid():N}";
        var id = (await Hub.CreateWebsiteAsync(url, 30)).GetProperty("id").GetGuid();
        await using var browser = await DashboardBrowser.LaunchLoggedInAsync(Hub);
        var page = browser.Page;
        try
        {
            var row = page.Locator("#site-table").GetByRole(AriaRole.Row).Filter(new() { HasText = url });
            await row.ClickAsync();
            await page.Locator("#detail-maintenance").ClickAsync();

            var form = page.Locator("#maintenance-form");
            await Expect(form.GetByLabel("Website ids")).ToHaveValueAsync(id.ToString());
            await form.GetByLabel("Name").FillAsync("Every minute");
            await form.GetByLabel("Recurring").CheckAsync();
            await form.GetByLabel("Cron").FillAsync("* * * * *");
            await form.GetByLabel("Time zone").FillAsync("Europe/Berlin");
            await form.GetByLabel("Minutes").FillAsync("5");
            await form.GetByRole(AriaRole.Button, new() { Name = "Plan window" }).ClickAsync();
            await Expect(page.Locator("#maintenance-message")).ToHaveTextAsync("Planned Every minute.");

            var listed = page.Locator("#maintenance-body tr").Filter(new() { HasText = "Every minute" });
            await Expect(listed).ToContainTextAsync("Active");
            await Expect(row).ToHaveAttributeAsync("data-status", "Maintenance");
            await Expect(row.Locator(".badge")).ToHaveTextAsync("Maintenance");
            await Expect(page.Locator("#count-Maintenance")).ToHaveTextAsync("1");
            await row.ClickAsync();
            await Expect(page.Locator("#detail-facts")).ToContainTextAsync("Every minute, until");
            await page.Locator("#detail-close").ClickAsync();
            var background = await row.Locator(".badge").EvaluateAsync<string>("badge => getComputedStyle(badge).backgroundColor");
            Assert.Equal("rgb(168, 85, 247)", background);

            await listed.GetByRole(AriaRole.Button, new() { Name = "Delete Every minute" }).ClickAsync();
            await Expect(listed).ToHaveCountAsync(0);
            await Expect(row).Not.ToHaveAttributeAsync("data-status", "Maintenance");
            var windows = await Hub.Http.GetStringAsync("api/maintenance-windows");
            Assert.Empty(JsonDocument.Parse(windows).RootElement.EnumerateArray());
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw browser.Failure(e, Hub);
        }

        Assert.True(browser.PageErrors.Count == 0 && browser.ConsoleErrors.Count == 0, "The page logged errors:" + browser.Describe());
    }
}
