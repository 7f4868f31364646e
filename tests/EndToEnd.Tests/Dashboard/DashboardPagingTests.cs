using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Playwright;
using Uptime.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Uptime.EndToEnd.Tests.Dashboard;

/// <summary>
/// The dashboard of a hub with more websites than one page (100) in a real browser: the pager reaches every website,
/// the status filter and the URL search ask the server and narrow the list, the counts cover all websites.
/// </summary>
public sealed class DashboardPagingTests(DefaultHubFixture fixture) : DashboardTest<DefaultHubFixture>(fixture)
{
    private const int Websites = 105;

    [Fact]
    public async Task MoreThanAPage_PagerFilterAndSearch_ReachEveryWebsite()
    {
        for (var i = 1; i <= Websites; i++)
        {
            await Hub.CreateWebsiteAsync(Url(i), 3600);
        }

        var paused = (await Hub.CreateWebsiteAsync(Url(Websites + 1), 3600)).GetProperty("id").GetGuid();
        using (var patched = await Hub.Http.PatchAsync($"api/websites/{paused}", new StringContent("""{"enabled":false}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }

        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = browser.Page;
        try
        {
            await browser.OpenAsync(Hub);

            // Sorted by status (Unknown before Paused), then URL: the first page is websites 1–100.
            await Expect(page.Locator("#page-info")).ToHaveTextAsync("Showing 1–100 of 106");
            await Expect(page.Locator("#websites-count")).ToHaveTextAsync("106 websites");
            await Expect(page.Locator("#count-Unknown")).ToHaveTextAsync("105");
            await Expect(page.Locator("#count-Paused")).ToHaveTextAsync("1");
            await Expect(Row(page, 1)).ToBeVisibleAsync();
            await Expect(page.Locator("#page-prev")).ToBeDisabledAsync();

            await page.Locator("#page-next").ClickAsync();
            await Expect(page.Locator("#page-info")).ToHaveTextAsync("Showing 101–106 of 106");
            await Expect(Row(page, 101)).ToBeVisibleAsync();
            await Expect(Row(page, 105)).ToBeVisibleAsync();
            await Expect(Row(page, Websites + 1)).ToContainTextAsync("Paused");
            await Expect(Row(page, 1)).ToHaveCountAsync(0);
            await Expect(page.Locator("#page-next")).ToBeDisabledAsync();

            await page.Locator("#filter-status").SelectOptionAsync("Paused");
            await Expect(page.Locator("#page-info")).ToHaveTextAsync("Showing 1–1 of 1");
            await Expect(page.Locator("#websites-count")).ToHaveTextAsync("1 of 106 websites match");
            await Expect(Row(page, Websites + 1)).ToBeVisibleAsync();
            await Expect(Row(page, 101)).ToHaveCountAsync(0);

            await page.Locator("#filter-status").SelectOptionAsync("");
            await page.Locator("#filter-text").FillAsync("paging/10");
            await Expect(page.Locator("#page-info")).ToHaveTextAsync("Showing 1–7 of 7");
            await Expect(Row(page, 100)).ToBeVisibleAsync();
            await Expect(Row(page, 99)).ToHaveCountAsync(0);

            Assert.True(browser.PageErrors.Count == 0 && browser.ConsoleErrors.Count == 0, "The page's scripts failed:" + browser.Describe());
        }
        catch (PlaywrightException e)
        {
            throw browser.Failure(e, Hub);
        }
    }

    private static string Url(int i) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:9/paging/{i:000}");

    private static ILocator Row(IPage page, int i) => page.Locator($"#site-body .site-row[data-url=\"{Url(i)}\"]");
}
