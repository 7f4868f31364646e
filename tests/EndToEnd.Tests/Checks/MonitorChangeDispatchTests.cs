using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Protocol;
using Uptime.Protocol.Checks;

namespace Uptime.EndToEnd.Tests.Checks;

/// <summary>
/// A website's check or type changed through the API reaches the validators like a URL change: the next items carry
/// it, and a spec-only client stops getting a website it can no longer run.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class MonitorChangeDispatchTests(HubWithTargetFixture fixture) : IClassFixture<HubWithTargetFixture>
{
    private const int Interval = 10;

    private static readonly TimeSpan _firstCheck = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan _nextSlot = TimeSpan.FromSeconds(Interval + 5);

    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task PatchedCheckThenType_NextItemsCarryThem_SpecOnlyClientLeftOut()
    {
        await using var specOnly = await HubClient.ConnectAsync(Hub);
        await using var capable = await HubClient.ConnectAsync(Hub);
        await specOnly.RegisterAsync(AgentProcess.NewPublicKey(), "spec-land");
        await capable.RegisterAsync(AgentProcess.NewPublicKey(), "rich-land", CheckCapabilities.All);
        var website = await CreateAsync(new { url = fixture.Target.Url("/ok"), interval = Interval });
        Assert.Null((await capable.ReceiveCheckForAsync(website, _firstCheck)).Check);
        Assert.Null((await specOnly.ReceiveCheckForAsync(website, _firstCheck)).Check);

        await PatchAsync(website, new { check = new { assertions = new[] { new { source = "body", @operator = "contains", value = "Welcome" } } } });
        var seenBySpecOnly = specOnly.CollectAsync(_nextSlot);
        var keyword = await NextItemAsync(capable, website, item => item.Check is not null);

        using (var definition = JsonDocument.Parse(keyword.Check!))
        {
            var http = Assert.IsType<HttpCheckDefinition>(CheckDefinitionJson.Read(MonitorType.Http, definition.RootElement, "check", out _));
            Assert.Equal([new CheckAssertion(AssertionSource.Body, AssertionOperator.Contains, null, "Welcome")], http.Assertions);
        }

        Assert.DoesNotContain(
            (await seenBySpecOnly).OfType<CheckWebsiteMessage>().SelectMany(frame => frame.Websites), item => item.WebsiteId == website);

        var tcpUrl = $"tcp://127.0.0.1:{new Uri(fixture.Target.Url("/ok")).Port}";
        await PatchAsync(website, new { type = "tcp", url = tcpUrl });
        var tcp = await NextItemAsync(capable, website, item => item.Type is not null);

        Assert.Equal(("tcp", tcpUrl, null), (tcp.Type, tcp.Url, tcp.Check));
    }

    /// <summary>The first item for <paramref name="website"/> that <paramref name="wanted"/> accepts, within two slots.</summary>
    private static async Task<WebsiteCheck> NextItemAsync(HubClient client, Guid website, Func<WebsiteCheck, bool> wanted)
    {
        var limit = Stopwatch.StartNew();
        while (true)
        {
            var item = await client.ReceiveCheckForAsync(website, 2 * _nextSlot - limit.Elapsed);
            if (wanted(item))
            {
                return item;
            }
        }
    }

    private async Task<Guid> CreateAsync(object body)
    {
        using var response = await Hub.Http.PostAsJsonAsync("api/websites", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/websites answered {(int)response.StatusCode}: {text}");
        using var created = JsonDocument.Parse(text);
        return created.RootElement.GetProperty("id").GetGuid();
    }

    private async Task PatchAsync(Guid website, object body)
    {
        using var response = await Hub.Http.PatchAsJsonAsync($"api/websites/{website}", body);
        Assert.True(response.IsSuccessStatusCode, $"PATCH answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
