using System.Net.Http.Json;
using Microsoft.Playwright;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Grains;
using static Microsoft.Playwright.Assertions;

namespace Uptime.EndToEnd.Tests.Dashboard;

/// <summary>
/// An open incident in a real browser logged in with the session cookie: the Incidents card lists it, its dialog shows the
/// evidence, acknowledging it with a note through the dialog puts the note on the timeline and the operator in the list,
/// the website's detail panel links to it, a resolution made elsewhere reaches the list through the live stream, and the
/// state filter shows it among the resolved incidents only.
/// </summary>
public sealed class DashboardIncidentTests(DefaultHubFixture fixture) : DashboardTest<DefaultHubFixture>(fixture)
{
    [Fact]
    public async Task LoggedIn_AcknowledgeAnOpenIncidentWithANote_TheTimelineShowsIt()
    {
        var url = $"https://example.com/dashboard-incident-{Guid.NewGuid():N}";
        var websiteId = (await Hub.CreateWebsiteAsync(url, 30)).GetProperty("id").GetGuid();
        var vote = new IncidentVote(Guid.NewGuid(), "eu-west", DateTime.UtcNow, false, "HTTP 503", 87, null, false);
        var incidentId = await Hub.Database.OpenIncidentAsync(websiteId, "2 of 3 regions say Down", [vote]);
        await using var browser = await DashboardBrowser.LaunchLoggedInAsync(Hub);
        var page = browser.Page;
        try
        {
            var listed = page.Locator("#incidents-body tr").Filter(new() { HasText = url });
            await Expect(listed).ToContainTextAsync("Open");
            await Expect(listed).ToContainTextAsync("Down");
            await Expect(page.Locator("#incidents-count")).ToHaveTextAsync("1 open, 0 resolved");

            await listed.GetByRole(AriaRole.Button).ClickAsync();
            var dialog = page.Locator("#incident-dialog");
            await Expect(dialog).ToBeVisibleAsync();
            await Expect(dialog.Locator("#incident-facts")).ToContainTextAsync("2 of 3 regions say Down");
            var opened = dialog.Locator("#incident-timeline li[data-kind=opened]");
            await Expect(opened).ToContainTextAsync("HTTP 503");
            await Expect(opened).ToContainTextAsync("eu-west");

            await dialog.GetByLabel("Note").FillAsync("Investigating the 503s from the load balancer");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();

            var acknowledged = dialog.Locator("#incident-timeline li[data-kind=acknowledged]");
            await Expect(acknowledged).ToContainTextAsync("Investigating the 503s from the load balancer");
            await Expect(acknowledged).ToContainTextAsync("by admin key ");
            await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" })).ToBeDisabledAsync();
            await Expect(listed.Locator("td").Nth(5)).ToContainTextAsync("admin key ");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Close incident" }).ClickAsync();

            await page.GetByRole(AriaRole.Row).Filter(new() { HasText = url }).First.ClickAsync();
            var detailIncident = page.Locator("#detail-incident");
            await Expect(detailIncident).ToContainTextAsync("Open incident: Down since");
            await detailIncident.GetByRole(AriaRole.Link, new() { Name = "View incident" }).ClickAsync();
            await Expect(dialog).ToBeVisibleAsync();
            await Expect(dialog.Locator("#incident-title")).ToHaveTextAsync(url);
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Close incident" }).ClickAsync();

            using var resolved = await Hub.Http.PostAsync($"api/incidents/{incidentId}/resolve", JsonContent.Create(new { note = "fixed elsewhere" }));
            resolved.EnsureSuccessStatusCode();
            await Expect(listed).ToContainTextAsync("Resolved");
            await Expect(detailIncident).ToContainTextAsync("Latest incident: Down on");
            await page.Locator("#incidents-state").SelectOptionAsync("open");
            await Expect(listed).ToHaveCountAsync(0);
            await Expect(page.Locator("#incidents-empty")).ToBeVisibleAsync();
            await page.Locator("#incidents-state").SelectOptionAsync("resolved");
            await Expect(listed).ToContainTextAsync("Resolved");
            await Expect(page.Locator("#incidents-count")).ToHaveTextAsync("1 resolved");
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw browser.Failure(e, Hub);
        }

        Assert.True(browser.PageErrors.Count == 0 && browser.ConsoleErrors.Count == 0, "The page logged errors:" + browser.Describe());
    }
}
