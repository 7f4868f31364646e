using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Grains;
using Uptime.Protocol;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.EndToEnd.Tests;

/// <summary>The live dashboard hears of every status change, also of those no tick carries.</summary>
[Collection(HubCollection.Name)]
public sealed class LiveStatusEventTests(DefaultHubFixture fixture) : IClassFixture<DefaultHubFixture>
{
    private const int Interval = 10;

    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task TicksGoStale_StatusEventOnTheLiveStream()
    {
        await using var client = await HubClient.ConnectAsync(Hub);
        await client.RegisterAsync(AgentProcess.NewPublicKey());
        var websiteId = (await Hub.CreateWebsiteAsync($"https://example.com/stale-{Guid.NewGuid():N}", Interval)).GetProperty("id").GetGuid();
        var check = await client.ReceiveCheckForAsync(websiteId);
        await client.SendAsync(HubClient.Answer(check, TickStatus.Good, 10, DateTime.UtcNow));
        await client.ReceiveUntilAsync(m => m is TickAckMessage, "the TICK_ACK of the only answer");

        using var events = new HttpClient { BaseAddress = Hub.Http.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var response = await events.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        // No more answers: the tick goes stale after 2.5 intervals, and the dispatch timer allows the check it sends the
        // answer allowance more; the first dispatch after that (within an interval) finds the status Unknown.
        var staleFoundBy = TimeSpan.FromSeconds(Interval * 2.5) + new WebsiteGrainOptions().AnswerAllowance + TimeSpan.FromSeconds(Interval);
        using var deadline = new CancellationTokenSource(staleFoundBy + TimeSpan.FromSeconds(10));
        string? type = null;
        while (true)
        {
            var line = await reader.ReadLineAsync(deadline.Token) ?? throw new InvalidOperationException("the event stream ended");
            if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                type = line["event:".Length..].Trim();
            }
            else if (type == "website" && line.StartsWith("data:", StringComparison.Ordinal)
                && line.Contains(websiteId.ToString(), StringComparison.Ordinal) && line.Contains("\"status\"", StringComparison.Ordinal)
                && await Hub.WebsiteStatusAsync(websiteId) == "Unknown")
            {
                return;
            }
        }
    }
}
