using System.Net.WebSockets;
using Microsoft.Playwright;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Protocol;
using static Microsoft.Playwright.Assertions;

namespace Uptime.EndToEnd.Tests.Dashboard;

/// <summary>
/// The validators table of the dashboard in a real browser, logged in: each row shows the validator's state, and its
/// buttons ban (with a reason), unban and delete it on the hub, while the validator is connected over a raw socket.
/// </summary>
public sealed class DashboardValidatorTests(DefaultHubFixture fixture) : DashboardTest<DefaultHubFixture>(fixture)
{
    [Fact]
    public async Task LoggedIn_BanUnbanDelete_EachShownAndStored()
    {
        await using var validator = await HubClient.ConnectAsync(Hub);
        var publicKey = AgentProcess.NewPublicKey();
        var validatorId = (await validator.RegisterAsync(publicKey, "Dashboard Lab")).ValidatorId;
        await using var browser = await DashboardBrowser.LaunchLoggedInAsync(Hub);
        var page = browser.Page;
        try
        {
            var row = page.Locator($"tr[data-id='{validatorId}']");
            await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("Online");

            await row.Locator("button[data-action=ban]").ClickAsync();
            await page.Locator("#validator-reason").FillAsync("seen forging ticks");
            await page.Locator("#validator-dialog-confirm").ClickAsync();
            await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("Banned");
            var (messages, status, _) = await validator.ReceiveUntilCloseAsync(TimeSpan.FromSeconds(5));
            Assert.Contains(new Protocol.ErrorMessage(ErrorCodes.Banned, $"validator {publicKey} is banned by an operator: seen forging ticks"), messages);
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);

            await page.Locator("#validators-offline > summary").ClickAsync();
            await row.Locator("button[data-action=unban]").ClickAsync();
            await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("Offline");
            Assert.Equal("active", (await Hub.ListedValidatorAsync(validatorId))!.Value.GetProperty("state").GetString());

            await row.Locator("button[data-action=delete]").ClickAsync();
            await page.Locator("#validator-dialog-confirm").ClickAsync();
            await Expect(row).ToHaveCountAsync(0);
            Assert.Null(await Hub.ListedValidatorAsync(validatorId));
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw browser.Failure(e, Hub);
        }

        Assert.True(browser.PageErrors.Count == 0 && browser.ConsoleErrors.Count == 0, "The page logged errors:" + browser.Describe());
    }
}
