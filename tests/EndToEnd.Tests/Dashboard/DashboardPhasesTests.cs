using System.Text.Json;
using Microsoft.Playwright;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Protocol.Checks;
using static Microsoft.Playwright.Assertions;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.EndToEnd.Tests.Dashboard;

/// <summary>
/// Where a check's time went, in a real browser: a validator speaking the protocol reports a tick with its HTTP status and
/// phases; the detail panel lists them with the check, and the per-region table gives each phase's median and 95th
/// percentile and the share of resumed TLS sessions; the certificate it saw is shown with the days left.
/// </summary>
public sealed class DashboardPhasesTests(DefaultHubFixture fixture) : DashboardTest<DefaultHubFixture>(fixture)
{
    [Fact]
    public async Task TickWithPhases_DetailShowsThemPerCheckAndPerRegion()
    {
        var region = $"phase-region-{Guid.NewGuid():N}"[..24];
        var url = $"https://example.com/dashboard-phases-{Guid.NewGuid():N}";
        await using var validator = await HubClient.ConnectAsync(Hub);
        await validator.RegisterAsync(AgentProcess.NewPublicKey(), region, CheckCapabilities.All);
        var id = (await Hub.CreateWebsiteAsync(url, interval: 10)).GetProperty("id").GetGuid();
        var check = await validator.ReceiveCheckForAsync(id, TimeSpan.FromSeconds(15));
        await validator.SendAsync(HubClient.Answer(check, TickStatus.Good, 42, DateTime.UtcNow) with
        {
            HttpStatus = 204,
            Phases = new TickPhases(1.5, 2, 10, 25, 3.5),
            TlsResumed = true,
            Certificate = new CertificateFacts(DateTime.UtcNow.AddDays(20).AddHours(1), "CN=example.com", "CN=Test CA", ["example.com"]),
        });
        await Eventually.UntilAsync(
            async () => JsonDocument.Parse(await Hub.Http.GetStringAsync($"api/websites/{id}/ticks")).RootElement.GetArrayLength(),
            count => count > 0,
            TimeSpan.FromSeconds(10),
            _ => $"the tick was not stored{Hub.Diagnostics}");
        await using var browser = await DashboardBrowser.LaunchLoggedInAsync(Hub);
        var page = browser.Page;
        try
        {
            await page.Locator("#site-table").GetByRole(AriaRole.Row).Filter(new() { HasText = url }).ClickAsync();

            await Expect(page.Locator("#detail-ticks tr").First.Locator(".tick-details")).ToHaveTextAsync("204 · 1.5 · 2.0 · 10 (resumed) · 25 · 3.5");
            var phases = page.Locator("#detail-phases tr").Filter(new() { HasText = region });
            await Expect(phases.Locator("td").Nth(4)).ToHaveTextAsync("10 / 10");
            await Expect(phases.Locator("td").Nth(5)).ToHaveTextAsync("25 / 25");
            await Expect(phases.Locator("td").Nth(8)).ToHaveTextAsync("100.00%");
            await Expect(page.Locator("#detail-facts")).ToContainTextAsync("CertificateExpires in 20 days");
            await Expect(page.Locator("#detail-facts")).ToContainTextAsync("Checkhttp");
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw browser.Failure(e, Hub);
        }

        Assert.True(browser.PageErrors.Count == 0 && browser.ConsoleErrors.Count == 0, "The page logged errors:" + browser.Describe());
    }
}
