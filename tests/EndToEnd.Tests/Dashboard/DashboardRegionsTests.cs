using System.Text.Json;
using Microsoft.Playwright;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Protocol;
using Xunit.Sdk;
using static Microsoft.Playwright.Assertions;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.EndToEnd.Tests.Dashboard;

/// <summary>
/// A website's regions in a real browser, logged in: added through the form with two regions and one validator per
/// region, it is checked only by validators of those regions (raw sockets, one per region plus one elsewhere); the
/// detail panel shows each region's status with its reason as the API gives them, the list shows the website's status
/// reason, and the panel's form changes the regions.
/// </summary>
public sealed class DashboardRegionsTests(DefaultHubFixture fixture) : DashboardTest<DefaultHubFixture>(fixture)
{
    [Fact]
    public async Task LoggedIn_AddWithRegions_CheckedThereEachRegionsStatusShownAndRegionsEditable()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (west, east, elsewhere) = ($"eu-west-{suffix}", $"us-east-{suffix}", $"ap-south-{suffix}");
        var url = $"https://example.com/dashboard-regions-{suffix}";
        await using var westValidator = await RegisteredAsync(west);
        await using var eastValidator = await RegisteredAsync(east);
        await using var otherValidator = await RegisteredAsync(elsewhere);
        await using var browser = await DashboardBrowser.LaunchLoggedInAsync(Hub);
        var page = browser.Page;
        try
        {

            var form = page.Locator("#add-form");
            await form.GetByLabel("URL", new() { Exact = true }).FillAsync(url);
            await form.GetByLabel("Interval (s)").FillAsync("10");
            await form.GetByLabel("Regions").FillAsync($"{west}, {east.ToUpperInvariant()}");
            await form.GetByLabel("Validators per region").FillAsync("1");
            await form.GetByRole(AriaRole.Button, new() { Name = "Add website" }).ClickAsync();
            await Expect(page.Locator("#add-message")).ToHaveTextAsync($"Added {url}.");
            var website = await WebsiteAsync(url);
            var id = website.GetProperty("id").GetGuid();
            Assert.Equal([west, east.ToUpperInvariant()], website.GetProperty("regions").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal(1, website.GetProperty("validatorsPerRegion").GetInt32());

            var westCheck = await westValidator.ReceiveCheckForAsync(id, TimeSpan.FromSeconds(15));
            var eastCheck = await eastValidator.ReceiveCheckForAsync(id, TimeSpan.FromSeconds(15));
            var elsewhereFrames = await otherValidator.CollectAsync(TimeSpan.FromSeconds(2));
            Assert.DoesNotContain(elsewhereFrames.OfType<CheckWebsiteMessage>(), frame => frame.Websites.Any(w => w.WebsiteId == id));
            await westValidator.SendAsync(HubClient.Answer(westCheck, TickStatus.Good, 42, DateTime.UtcNow));
            await eastValidator.SendAsync(HubClient.Answer(eastCheck, TickStatus.Bad, 0, DateTime.UtcNow, "HTTP 503"));

            var withVotes = await Eventually.UntilAsync(
                () => WebsiteByIdAsync(id),
                w => w.TryGetProperty("regionStatuses", out var regions) && regions.GetArrayLength() == 2
                    && regions.EnumerateArray().All(r => r.GetProperty("votes").GetInt32() == 1),
                TimeSpan.FromSeconds(15),
                w => $"the website's regions never both had a vote: {w}{Hub.Diagnostics}");
            var row = page.Locator("#site-table").GetByRole(AriaRole.Row).Filter(new() { HasText = url });
            await row.ClickAsync();
            foreach (var region in withVotes.GetProperty("regionStatuses").EnumerateArray())
            {
                var name = region.GetProperty("region").GetString()!;
                var regionRow = page.Locator("#detail-regions tr").Filter(new() { HasText = name });
                await Expect(regionRow.Locator(".badge")).ToHaveTextAsync(region.GetProperty("status").GetString()!);
                await Expect(regionRow.Locator("td").Nth(2)).ToHaveTextAsync("1");
                await Expect(regionRow.Locator("td").Nth(3)).ToHaveTextAsync("1");
                await Expect(regionRow.Locator("td").Nth(4)).ToHaveTextAsync(region.GetProperty("reason").GetString() ?? "");
            }

            if (withVotes.GetProperty("statusReason").GetString() is { } reason)
            {
                await Expect(page.Locator("#detail-reason")).ToHaveTextAsync(reason);
                await Expect(row.Locator(".badge")).ToHaveAttributeAsync("title", reason);
                await Expect(row).ToContainTextAsync(reason);
            }

            await Expect(page.Locator("#detail-policy")).ToContainTextAsync($"Checked from {west}, {east.ToUpperInvariant()}, by 1 validator of each.");
            await page.Locator("#detail-regions-input").FillAsync(west);
            await page.Locator("#detail-per-region").FillAsync("");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save regions" }).ClickAsync();
            await Expect(page.Locator("#regions-message")).ToHaveTextAsync("Regions saved.");
            var edited = await WebsiteByIdAsync(id);
            Assert.Equal([west], edited.GetProperty("regions").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal(JsonValueKind.Null, edited.GetProperty("validatorsPerRegion").ValueKind);
            await Expect(page.Locator("#detail-policy")).ToContainTextAsync($"Checked from {west}, by every validator of each.");
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw browser.Failure(e, Hub);
        }

        Assert.True(browser.PageErrors.Count == 0 && browser.ConsoleErrors.Count == 0, "The page logged errors:" + browser.Describe());
    }

    private async Task<HubClient> RegisteredAsync(string region)
    {
        var client = await HubClient.ConnectAsync(Hub);
        await client.RegisterAsync(AgentProcess.NewPublicKey(), region);
        return client;
    }

    private async Task<JsonElement> WebsiteAsync(string url)
    {
        using var websites = JsonDocument.Parse(await Hub.Http.GetStringAsync("api/websites?limit=1000"));
        return await WebsiteByIdAsync(websites.RootElement.EnumerateArray().Single(w => w.GetProperty("url").GetString() == url).GetProperty("id").GetGuid());
    }

    private async Task<JsonElement> WebsiteByIdAsync(Guid id)
    {
        using var document = JsonDocument.Parse(await Hub.Http.GetStringAsync($"api/websites/{id}"));
        return document.RootElement.Clone();
    }
}
