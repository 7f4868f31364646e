using System.Net.Http.Json;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests.Notifications;

/// <summary>
/// A certificate expiry warning end to end: a real agent, trusting the test's CA through AGENT_CA_FILE, checks a real
/// HTTPS website whose certificate expires in 5.5 days; the hub records the certificate and a webhook channel routed by a
/// policy with the default events gets exactly one signed <c>certificate</c> event, the 7-day warning with 5 days left.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class CertificateWarningTests(NotificationsHubFixture fixture) : IClassFixture<NotificationsHubFixture>
{
    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task HttpsWebsiteExpiringIn5Days_ExactlyOneSevenDayWarningAtTheWebhook()
    {
        await using var target = await HttpsTargetSite.StartAsync(TimeSpan.FromDays(5.5));
        await using var receiver = await AlertReceiver.StartAsync();
        using var created = await Hub.Http.PostAsJsonAsync("api/websites", new { url = target.Url("/"), interval = 10, name = "Expiring API" });
        var websiteId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var channelId = await new NotificationsApi(Hub).RouteToAsync(receiver, websiteId);
        await using var agent = AgentProcess.Start(Hub, "eu-west", new Dictionary<string, string?> { ["AGENT_CA_FILE"] = target.CaFile });

        var warning = await Eventually.UntilAsync(
            () => Task.FromResult(CertificateEvents(receiver).FirstOrDefault()),
            found => found.ValueKind == JsonValueKind.Object,
            TimeSpan.FromSeconds(60),
            _ => $"no 'certificate' event within 60 s; received: {string.Join(" | ", receiver.Received.Select(a => a.Body))}{agent.Diagnostics}{Hub.Diagnostics}");
        // More checks of the same certificate (and the hub's every-tick path) must not repeat it.
        await Eventually.UntilAsync(
            () => Hub.Http.GetFromJsonAsync<JsonElement[]>($"api/websites/{websiteId}/ticks?limit=100"),
            ticks => ticks!.Length >= 3,
            TimeSpan.FromSeconds(60),
            ticks => $"{ticks?.Length ?? 0} ticks of the website");

        Assert.Single(CertificateEvents(receiver));
        Assert.All(receiver.Received, alert => Assert.True(alert.Signed));
        Assert.Equal(websiteId, warning.GetProperty("websiteId").GetGuid());
        Assert.Equal(JsonValueKind.Null, warning.GetProperty("incidentId").ValueKind);
        Assert.Equal($"{NotificationsHubFixture.PublicUrl}#site={websiteId}", warning.GetProperty("websiteLink").GetString());
        var certificate = warning.GetProperty("certificate");
        Assert.Equal((5, 7), (certificate.GetProperty("daysLeft").GetInt32(), certificate.GetProperty("thresholdDays").GetInt32()));
        Assert.Equal(target.Certificate.NotAfter.ToUniversalTime(), certificate.GetProperty("expiresAt").GetDateTime().ToUniversalTime());
        Assert.Equal("CN=localhost", certificate.GetProperty("subject").GetString());
        Assert.Equal("CN=Uptime E2E CA", certificate.GetProperty("issuer").GetString());
        Assert.Contains("localhost", certificate.GetProperty("names").EnumerateArray().Select(n => n.GetString()));
        var message = receiver.Received.Single(a => WebhookEvents.Of(a).Any(IsCertificate));
        Assert.StartsWith("[Certificate] Expiring API expires in 5 days (", message.Json.GetProperty("subject").GetString(), StringComparison.Ordinal);
        var delivery = Assert.Single(await new NotificationsApi(Hub).DeliveriesOfChannelAsync(channelId));
        Assert.Equal(("certificate", "sent", 5), (delivery.GetProperty("kind").GetString(), delivery.GetProperty("state").GetString(), delivery.GetProperty("certificate").GetProperty("daysLeft").GetInt32()));
    }

    private static IEnumerable<JsonElement> CertificateEvents(AlertReceiver receiver) => receiver.Received.SelectMany(WebhookEvents.Of).Where(IsCertificate);

    private static bool IsCertificate(JsonElement @event) => @event.GetProperty("kind").GetString() == "certificate";
}
