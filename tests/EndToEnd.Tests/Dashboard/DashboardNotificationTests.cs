using Microsoft.Playwright;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.EndToEnd.Tests.Notifications;
using static Microsoft.Playwright.Assertions;

namespace Uptime.EndToEnd.Tests.Dashboard;

/// <summary>
/// The Notifications card in a real browser logged in with the session cookie: a webhook channel added through its form
/// (a bad secret named under its field first), listed with its secrets masked and changed without retyping them; a policy
/// added for a tag (certificate warnings offered and chosen by default); an incident's dialog showing the notifications
/// sent about it; the channel's last deliveries, a certificate warning with its days left; no secret anywhere on the page.
/// </summary>
public sealed class DashboardNotificationTests(DefaultHubFixture fixture) : DashboardTest<DefaultHubFixture>(fixture)
{
    [Fact]
    public async Task LoggedIn_AddAChannelAndAPolicy_SecretsNeverShown_IncidentShowsItsNotifications()
    {
        var token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var hookUrl = $"http://127.0.0.1:9/hooks/{token}";
        var signingSecret = $"signing-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12))}";
        var name = $"ops-hook-{Guid.NewGuid():N}"[..20];
        await using var browser = await DashboardBrowser.LaunchLoggedInAsync(Hub);
        var page = browser.Page;
        try
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Add channel" }).ClickAsync();
            var dialog = page.Locator("#channel-dialog");
            await dialog.GetByLabel("Name").FillAsync(name);
            await dialog.GetByLabel("Type").SelectOptionAsync("webhook");
            await dialog.GetByLabel("URL").FillAsync(hookUrl);
            await dialog.GetByLabel("Signing secret").FillAsync("too-short");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Save channel" }).ClickAsync();
            await Expect(dialog.Locator("[data-error-for='settings.secret']")).ToContainTextAsync("at least 16 characters");

            await dialog.GetByLabel("Signing secret").FillAsync(signingSecret);
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Save channel" }).ClickAsync();
            await Expect(dialog).ToBeHiddenAsync();
            var row = page.Locator("#channels-body tr").Filter(new() { HasText = name });
            await Expect(row).ToContainTextAsync("webhook");
            await Expect(row).ToContainTextAsync($"url: ••••{token[^4..]}");
            await Expect(row).ToContainTextAsync($"secret: ••••{signingSecret[^4..]}");
            await Expect(row.Locator(".channel-deliveries")).ToHaveTextAsync("none yet");

            await row.GetByRole(AriaRole.Button, new() { Name = $"Edit {name}" }).ClickAsync();
            await Expect(dialog.GetByLabel("URL")).ToHaveValueAsync("");
            await Expect(dialog.GetByLabel("URL")).ToHaveAttributeAsync("placeholder", $"••••{token[^4..]} (leave empty to keep)");
            await dialog.GetByLabel("Enabled").UncheckAsync();
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Save channel" }).ClickAsync();
            await Expect(dialog).ToBeHiddenAsync();
            await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("No");
            await Expect(row).ToContainTextAsync($"url: ••••{token[^4..]}");

            await page.GetByRole(AriaRole.Button, new() { Name = "Add policy" }).ClickAsync();
            var policyDialog = page.Locator("#policy-dialog");
            await policyDialog.GetByLabel("Name").FillAsync($"{name}-prod");
            await policyDialog.GetByLabel("Websites", new() { Exact = true }).SelectOptionAsync("tags");
            await policyDialog.GetByLabel("Tags").FillAsync("prod, eu");
            await Expect(policyDialog.GetByLabel("Certificate expiring")).ToBeCheckedAsync();
            await policyDialog.GetByLabel("Reminder", new() { Exact = true }).UncheckAsync();
            await policyDialog.GetByLabel("Quiet delay").FillAsync("300");
            await policyDialog.GetByLabel(name).CheckAsync();
            await policyDialog.GetByRole(AriaRole.Button, new() { Name = "Save policy" }).ClickAsync();
            await Expect(policyDialog).ToBeHiddenAsync();
            var policy = page.Locator("#policies-body tr").Filter(new() { HasText = $"{name}-prod" });
            await Expect(policy).ToContainTextAsync("tagged prod, eu");
            await Expect(policy).ToContainTextAsync("opened, acknowledged, resolved, certificate");
            await Expect(policy).ToContainTextAsync("5 min");
            await Expect(policy.Locator("td").Nth(5)).ToHaveTextAsync(name);

            var url = $"https://example.com/dashboard-notifications-{Guid.NewGuid():N}";
            var websiteId = (await Hub.CreateWebsiteAsync(url, 30)).GetProperty("id").GetGuid();
            var incidentId = await Hub.Database.OpenIncidentAsync(websiteId, "3 of 3 regions say Down", []);
            var channelId = Guid.Parse((await row.GetAttributeAsync("data-channel"))!);
            await Hub.Database.AddDeliveryAsync(channelId, incidentId, websiteId, "opened", "dead", DateTime.UtcNow, 404, "127.0.0.1:9 answered 404 Not Found: no such hook");
            await Hub.Database.AddDeliveryAsync(
                channelId, null, websiteId, "certificate", "sent", DateTime.UtcNow.AddSeconds(-1), 204, null,
                """{"certificate": {"expiresAt": "2026-12-14T10:00:00Z", "daysLeft": 5, "thresholdDays": 7, "subject": "CN=shop", "issuer": "CN=CA", "names": []}}""");
            await page.GotoAsync("about:blank");
            await page.GotoAsync($"http://127.0.0.1:{Hub.Port}/#incident={incidentId}");
            var deliveries = page.Locator("#incident-deliveries tbody tr");
            await Expect(deliveries).ToHaveCountAsync(1);
            await Expect(deliveries).ToContainTextAsync($"{name} (webhook)");
            await Expect(deliveries).ToContainTextAsync("dead");
            await Expect(deliveries).ToContainTextAsync("127.0.0.1:9 answered 404 Not Found: no such hook");
            await page.Locator("#incident-close").ClickAsync();
            await Expect(row.Locator(".channel-deliveries")).ToContainTextAsync("dead Opened");
            await Expect(row.Locator(".channel-deliveries")).ToContainTextAsync("sent Certificate: 5 days left, expires");

            var content = await page.ContentAsync();
            var values = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('input, textarea')].map((i) => i.value)");
            foreach (var secret in new[] { token, signingSecret })
            {
                Assert.DoesNotContain(secret, content, StringComparison.Ordinal);
                Assert.DoesNotContain(values, value => value.Contains(secret, StringComparison.Ordinal));
            }
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw browser.Failure(e, Hub);
        }

        Assert.True(
            browser.PageErrors.Count == 0 && browser.ConsoleErrors.All(e => e.Contains("400", StringComparison.Ordinal)),
            "The page logged errors other than the refused save:" + browser.Describe());
    }

    [Fact]
    public async Task SendTest_ShowsTheReceiversAnswer()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        var name = $"tested-{Guid.NewGuid():N}"[..20];
        await new NotificationApiCalls(Hub).CreateWebhookAsync(name, receiver.Url, receiver.Secret);
        await using var browser = await DashboardBrowser.LaunchLoggedInAsync(Hub);
        var page = browser.Page;
        try
        {

            await page.GetByRole(AriaRole.Button, new() { Name = $"Send a test through {name}" }).ClickAsync();

            await Expect(page.Locator("#channel-test-result")).ToHaveTextAsync($"Test through {name}: Delivered (HTTP 204).");
            await Expect(page.Locator("#channels-body tr").Filter(new() { HasText = name }).Locator(".channel-deliveries")).ToContainTextAsync("sent Test");
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw browser.Failure(e, Hub);
        }

        Assert.Single(receiver.Received);
    }
}
