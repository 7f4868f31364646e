using System.Net.Http.Json;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Protocol;
using Uptime.Protocol.Checks;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.EndToEnd.Tests.Checks;

/// <summary>
/// Rich check items over real sockets: a validator that announced capabilities in REGISTER receives an item's type and
/// check definition; a spec-only client (plain REGISTER) keeps receiving plain items for plain HTTP monitors and never an
/// item it cannot run. What a capable validator reports about a check is stored and served by the API.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class RichCheckDispatchTests(HubWithTargetFixture fixture) : IClassFixture<HubWithTargetFixture>
{
    private static readonly TimeSpan _window = TimeSpan.FromSeconds(12);

    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task SpecOnlyAndCapableValidators_EachGetsOnlyWhatItCanRun()
    {
        await using var specOnly = await HubClient.ConnectAsync(Hub);
        await using var capable = await HubClient.ConnectAsync(Hub);
        await specOnly.RegisterAsync(AgentProcess.NewPublicKey(), "spec-land");
        await capable.RegisterAsync(AgentProcess.NewPublicKey(), "rich-land", CheckCapabilities.All);

        var plain = await CreateAsync(new { url = fixture.Target.Url("/ok"), interval = 10 });
        var keyword = await CreateAsync(new
        {
            url = fixture.Target.Url("/ok"),
            interval = 10,
            check = new { method = "GET", assertions = new[] { new { source = "body", @operator = "contains", value = "ok" } } },
        });
        var tcp = await CreateAsync(new { url = $"tcp://127.0.0.1:{new Uri(fixture.Target.Url("/ok")).Port}", type = "tcp", interval = 10 });

        var seenBySpecOnly = ItemsOf(await specOnly.CollectAsync(_window));
        var seenByCapable = ItemsOf(await capable.CollectAsync(TimeSpan.FromSeconds(1)));

        Assert.Contains(seenBySpecOnly, item => item.WebsiteId == plain);
        Assert.DoesNotContain(seenBySpecOnly, item => item.WebsiteId == keyword || item.WebsiteId == tcp);
        Assert.All(seenBySpecOnly, item => Assert.Equal((null, null), (item.Type, item.Check)));
        // The collection may hold a website's check at creation and its next slot's: each says the same.
        Assert.All(seenByCapable.Where(item => item.WebsiteId == plain), item => Assert.Equal((null, null), (item.Type, item.Check)));
        var keywordItem = seenByCapable.First(item => item.WebsiteId == keyword);
        var tcpItem = seenByCapable.First(item => item.WebsiteId == tcp);
        Assert.Contains(seenByCapable, item => item.WebsiteId == plain);
        Assert.Null(keywordItem.Type);
        Assert.Contains("\"assertions\"", keywordItem.Check);
        Assert.Equal("tcp", tcpItem.Type);
        using var definition = JsonDocument.Parse(keywordItem.Check!);
        Assert.IsType<HttpCheckDefinition>(CheckDefinitionJson.Read(MonitorType.Http, definition.RootElement, "check", out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public async Task CapableValidator_ReportsWhatItSaw_TicksCertificateAndPhasesServed()
    {
        await using var capable = await HubClient.ConnectAsync(Hub);
        await capable.RegisterAsync(AgentProcess.NewPublicKey(), "phase-land", CheckCapabilities.All);
        var website = await CreateAsync(new { url = fixture.Target.Url("/ok"), interval = 10 });
        var check = await capable.ReceiveCheckForAsync(website, TimeSpan.FromSeconds(15));
        var expires = DateTime.UtcNow.AddDays(20).AddHours(1);
        var tick = HubClient.Answer(check, TickStatus.Good, 42, DateTime.UtcNow) with
        {
            HttpStatus = 204,
            Phases = new TickPhases(1.5, 2, 10, 25, 3.5),
            Address = "127.0.0.1:443",
            TlsResumed = true,
            Certificate = new CertificateFacts(expires, "CN=ok.test", "CN=Test CA", ["ok.test", "www.ok.test"]),
        };

        await capable.SendAsync(tick);

        var stored = await Eventually.UntilAsync(
            () => Hub.Http.GetFromJsonAsync<JsonElement>($"api/websites/{website}/ticks"),
            ticks => ticks.GetArrayLength() > 0,
            TimeSpan.FromSeconds(10),
            ticks => $"no tick stored{Hub.Diagnostics}");
        var row = stored[0];
        Assert.Equal(204, row.GetProperty("httpStatus").GetInt32());
        Assert.Equal("127.0.0.1:443", row.GetProperty("address").GetString());
        Assert.True(row.GetProperty("tlsResumed").GetBoolean());
        Assert.Equal(10, row.GetProperty("phases").GetProperty("tls").GetDouble());
        Assert.Equal(25, row.GetProperty("phases").GetProperty("firstByte").GetDouble());

        var certificate = await Eventually.UntilAsync(
            () => Hub.Http.GetAsync($"api/websites/{website}/certificate"),
            response => response.IsSuccessStatusCode,
            TimeSpan.FromSeconds(10),
            response => $"certificate answered {(int?)response?.StatusCode}{Hub.Diagnostics}");
        var body = await certificate.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(20, body.GetProperty("daysLeft").GetInt32());
        Assert.Equal(["ok.test", "www.ok.test"], body.GetProperty("names").EnumerateArray().Select(n => n.GetString()));
        var view = await Hub.Http.GetFromJsonAsync<JsonElement>($"api/websites/{website}");
        Assert.Equal(body.GetProperty("expiresAt").GetDateTime(), view.GetProperty("certificateExpiresAt").GetDateTime());
        var expiring = await Hub.Http.GetFromJsonAsync<JsonElement>("api/certificates?withinDays=30");
        Assert.Contains(expiring.EnumerateArray(), c => c.GetProperty("websiteId").GetGuid() == website);

        var phases = await Hub.Http.GetFromJsonAsync<JsonElement>($"api/websites/{website}/phases?window=1h");
        var region = Assert.Single(phases.GetProperty("regions").EnumerateArray());
        Assert.Equal("phase-land", region.GetProperty("region").GetString());
        Assert.Equal(10, region.GetProperty("tls").GetProperty("p50").GetDouble());
        Assert.Equal(1, region.GetProperty("tlsResumedShare").GetDouble());
    }

    private async Task<Guid> CreateAsync(object body)
    {
        using var response = await Hub.Http.PostAsJsonAsync("api/websites", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/websites answered {(int)response.StatusCode}: {text}");
        using var created = JsonDocument.Parse(text);
        return created.RootElement.GetProperty("id").GetGuid();
    }

    private static List<WebsiteCheck> ItemsOf(IReadOnlyList<HubMessage> messages) =>
        [.. messages.OfType<CheckWebsiteMessage>().SelectMany(m => m.Websites)];
}
