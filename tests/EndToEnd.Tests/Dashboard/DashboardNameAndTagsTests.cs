using System.Text.Json;
using Microsoft.Playwright;
using Uptime.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Uptime.EndToEnd.Tests.Dashboard;

/// <summary>
/// A website's name and tags in a real browser, logged in: the add form sends them (a bad tag shown next to its field),
/// the row shows the name with the URL under it and the tags as chips, the tag filter and the search find it, and the
/// detail panel's form renames it, clears its tags and then its name.
/// </summary>
public sealed class DashboardNameAndTagsTests(DefaultHubFixture fixture) : DashboardTest<DefaultHubFixture>(fixture)
{
    [Fact]
    public async Task LoggedIn_AddWithNameAndTags_ShownFilteredAndEditable()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (url, name, tag) = ($"https://example.com/dashboard-named-{suffix}", $"Checkout {suffix}", $"shop-{suffix}");
        var untagged = $"https://example.com/dashboard-untagged-{suffix}";
        await Hub.CreateWebsiteAsync(untagged, 3600);
        await using var browser = await DashboardBrowser.LaunchLoggedInAsync(Hub);
        var page = browser.Page;
        try
        {

            var form = page.Locator("#add-form");
            await form.GetByLabel("URL", new() { Exact = true }).FillAsync(url);
            await form.GetByLabel("Interval (s)").FillAsync("3600");
            await form.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
            await form.GetByLabel("Tags").FillAsync($"{tag.ToUpperInvariant()}, a/b");
            await form.GetByRole(AriaRole.Button, new() { Name = "Add website" }).ClickAsync();
            await Expect(page.Locator("#add-tags-error")).ToContainTextAsync("item 1 is not");
            await Expect(form.GetByLabel("Tags")).ToHaveAttributeAsync("aria-invalid", "true");

            await form.GetByLabel("Tags").FillAsync($"{tag.ToUpperInvariant()}, edge");
            await form.GetByRole(AriaRole.Button, new() { Name = "Add website" }).ClickAsync();
            await Expect(page.Locator("#add-message")).ToHaveTextAsync($"Added {name} ({url}).");
            var website = await WebsiteAsync(url);
            var id = website.GetProperty("id").GetGuid();
            AssertStored(website, name, [tag, "edge"]);

            var row = page.Locator($"#site-body .site-row[data-url=\"{url}\"]");
            await Expect(row.Locator(".url-text")).ToHaveTextAsync(name);
            await Expect(row.Locator(".url-sub")).ToContainTextAsync(url);
            await Expect(row.Locator(".chip")).ToHaveTextAsync([tag, "edge"]);

            await page.Locator("#filter-tag").FillAsync(tag.ToUpperInvariant());
            await Expect(page.Locator("#site-body .site-row")).ToHaveCountAsync(1);
            await Expect(row).ToBeVisibleAsync();
            await page.Locator("#filter-tag").FillAsync("");
            await Expect(page.Locator($"#site-body .site-row[data-url=\"{untagged}\"]")).ToHaveCountAsync(1);
            await page.Locator("#filter-text").FillAsync(name.ToUpperInvariant());
            await Expect(page.Locator("#site-body .site-row")).ToHaveCountAsync(1);
            await Expect(row).ToBeVisibleAsync();
            await page.Locator("#filter-text").FillAsync("");
            await Expect(page.Locator($"#site-body .site-row[data-url=\"{untagged}\"]")).ToHaveCountAsync(1);

            await row.ClickAsync();
            await Expect(page.Locator("#detail-url")).ToContainTextAsync(name);
            await Expect(page.Locator("#detail-url a")).ToHaveAttributeAsync("href", url);
            await Expect(page.Locator("#detail-tags .chip")).ToHaveTextAsync([tag, "edge"]);
            var labels = page.Locator("#labels-form");
            await Expect(labels.GetByLabel("Tags")).ToHaveValueAsync($"{tag}, edge");
            await labels.GetByLabel("Name").FillAsync("Renamed");
            await labels.GetByLabel("Tags").FillAsync("");
            await labels.GetByRole(AriaRole.Button, new() { Name = "Save name and tags" }).ClickAsync();
            await Expect(page.Locator("#labels-message")).ToHaveTextAsync("Name and tags saved.");
            AssertStored(await WebsiteByIdAsync(id), "Renamed", []);
            await Expect(row.Locator(".url-text")).ToHaveTextAsync("Renamed");
            await Expect(row.Locator(".chip")).ToHaveCountAsync(0);
            await Expect(page.Locator("#detail-tags")).ToBeHiddenAsync();

            await labels.GetByLabel("Name").FillAsync("");
            await labels.GetByRole(AriaRole.Button, new() { Name = "Save name and tags" }).ClickAsync();
            await Expect(row.Locator(".url-text")).ToHaveTextAsync(url);
            AssertStored(await WebsiteByIdAsync(id), null, []);
            await Expect(page.Locator("#detail-url")).ToHaveTextAsync(url);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw browser.Failure(e, Hub);
        }

        // The browser logs the 400 that refused the bad tag; nothing else may fail.
        Assert.True(
            browser.PageErrors.Count == 0 && browser.ConsoleErrors.All(e => e.Contains("400", StringComparison.Ordinal)) && browser.ConsoleErrors.Count == 1,
            "The page logged errors:" + browser.Describe());
    }

    private static void AssertStored(JsonElement website, string? name, string[] tags)
    {
        Assert.Equal(name, website.GetProperty("name").GetString());
        Assert.Equal(tags, website.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    private async Task<JsonElement> WebsiteAsync(string url)
    {
        using var websites = JsonDocument.Parse(await Hub.Http.GetStringAsync("api/websites?limit=1000"));
        return websites.RootElement.EnumerateArray().Single(w => w.GetProperty("url").GetString() == url).Clone();
    }

    private async Task<JsonElement> WebsiteByIdAsync(Guid id)
    {
        using var website = JsonDocument.Parse(await Hub.Http.GetStringAsync($"api/websites/{id}"));
        return website.RootElement.Clone();
    }
}
