using System.Net;
using System.Text;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Protocol;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.EndToEnd.Tests;

/// <summary>Only answers to checks the hub sent that validator, still open, count; everything else is refused and changes nothing.</summary>
[Collection(HubCollection.Name)]
public sealed class TickIntegrityTests(DefaultHubFixture fixture) : IClassFixture<DefaultHubFixture>
{
    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task RogueValidator_UnsolicitedTicksRightAfterRegister_RefusedAndChangeNothing()
    {
        await using var honest = await HubClient.ConnectAsync(Hub);
        var honestId = (await honest.RegisterAsync(AgentProcess.NewPublicKey(), "US-East Virginia")).ValidatorId;
        var websiteId = await CreateWebsiteAsync("rogue-target");
        var check = await honest.ReceiveCheckForAsync(websiteId);
        await AnswerAndWaitForAckAsync(honest, HubClient.Answer(check, TickStatus.Good, 20, DateTime.UtcNow));

        await using var rogue = await HubClient.ConnectAsync(Hub);
        var rogueId = (await rogue.RegisterAsync(AgentProcess.NewPublicKey(), "Nowhere")).ValidatorId;
        var stolen = HubClient.Answer(check, TickStatus.Bad, 1, DateTime.UtcNow, "forged");
        var forged = new CheckToken(DateTime.UtcNow, Guid.NewGuid());
        var attempts = new (string What, TickResultMessage Tick, string Code)[]
        {
            ("no token, current timestamp", Bad(websiteId, DateTime.UtcNow), ErrorCodes.UnexpectedTick),
            ("another validator's token", stolen, ErrorCodes.UnexpectedTick),
            ("a token the hub never made", Bad(websiteId, DateTime.UtcNow) with { CheckToken = forged.ToString(), TickId = forged.TickId }, ErrorCodes.UnexpectedTick),
            ("dated 1970", Bad(websiteId, DateTime.UnixEpoch), ErrorCodes.InvalidField),
            ("dated 2099", Bad(websiteId, new DateTime(2099, 1, 1, 0, 0, 0, DateTimeKind.Utc)), ErrorCodes.InvalidField),
            ("dated 9999-12-31", Bad(websiteId, new DateTime(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc)), ErrorCodes.InvalidField),
        };

        foreach (var (what, tick, code) in attempts)
        {
            await rogue.SendAsync(tick);
            var error = await rogue.ReceiveAsync<ErrorMessage>();
            Assert.True(error.Code == code, $"{what}: got {error.Code} ({error.Message}), expected {code}");
        }

        Assert.NotNull(await rogue.HeartbeatAsync());
        Assert.Equal(0, await Hub.Database.TickCountAsync(rogueId));
        var stored = Assert.Single(await Hub.Database.TicksAsync(websiteId));
        Assert.Equal((honestId, "Good"), (stored.ValidatorId, stored.Status));
        Assert.Equal("Up", await Hub.WebsiteStatusAsync(websiteId));
    }

    [Fact]
    public async Task ResentAnswer_AcknowledgedEachTimeStoredOnce()
    {
        await using var client = await HubClient.ConnectAsync(Hub);
        await client.RegisterAsync(AgentProcess.NewPublicKey());
        var websiteId = await CreateWebsiteAsync("resent");
        var tick = HubClient.Answer(await client.ReceiveCheckForAsync(websiteId), TickStatus.Good, 15, DateTime.UtcNow);

        await AnswerAndWaitForAckAsync(client, tick);
        await AnswerAndWaitForAckAsync(client, tick);

        var stored = Assert.Single(await Hub.Database.TicksAsync(websiteId));
        Assert.Equal(tick.TickId, stored.Id);
    }

    [Fact]
    public async Task SpecClient_AnswersTheSameCheckTwice_SecondRefused()
    {
        await using var client = await HubClient.ConnectAsync(Hub);
        await client.RegisterAsync(AgentProcess.NewPublicKey());
        var websiteId = await CreateWebsiteAsync("spec-twice");
        await client.ReceiveCheckForAsync(websiteId);

        await client.SendAsync(new TickResultMessage(websiteId, TickStatus.Good, 10, DateTime.UtcNow, null));
        await client.SendAsync(new TickResultMessage(websiteId, TickStatus.Bad, 10, DateTime.UtcNow, "again"));

        var error = await client.ReceiveAsync<ErrorMessage>();
        Assert.True(error.Code == ErrorCodes.UnexpectedTick && error.Message.Contains("already answered", StringComparison.Ordinal), $"{error.Code}: {error.Message}");
        var stored = await Eventually.UntilAsync(() => Hub.Database.TicksAsync(websiteId), found => found.Count > 0, TimeSpan.FromSeconds(15), _ => "the first answer was not stored");
        Assert.Equal("Good", Assert.Single(stored).Status);
    }

    [Fact]
    public async Task AnswerForAPausedWebsite_RefusedWithTheTickNamed()
    {
        await using var client = await HubClient.ConnectAsync(Hub);
        await client.RegisterAsync(AgentProcess.NewPublicKey());
        var websiteId = await CreateWebsiteAsync("paused");
        var tick = HubClient.Answer(await client.ReceiveCheckForAsync(websiteId), TickStatus.Bad, 10, DateTime.UtcNow, "HTTP 503");
        using (var paused = await Hub.Http.PatchAsync($"api/websites/{websiteId}", new StringContent("""{"enabled":false}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        }

        await client.SendAsync(tick);

        var error = await client.ReceiveAsync<ErrorMessage>();
        Assert.Equal((ErrorCodes.UnexpectedTick, tick.TickId), (error.Code, error.TickId));
        Assert.Contains("paused", error.Message, StringComparison.Ordinal);
        Assert.Empty(await Hub.Database.TicksAsync(websiteId));
    }

    private static TickResultMessage Bad(Guid websiteId, DateTime timestamp) => new(websiteId, TickStatus.Bad, 1, timestamp, "forged", Guid.NewGuid());

    private static async Task AnswerAndWaitForAckAsync(HubClient client, TickResultMessage tick)
    {
        await client.SendAsync(tick);
        await client.ReceiveUntilAsync(m => m is TickAckMessage ack && ack.TickIds.Contains(tick.TickId!.Value), $"the TICK_ACK of {tick.TickId}");
    }

    private async Task<Guid> CreateWebsiteAsync(string name) =>
        (await Hub.CreateWebsiteAsync($"https://example.com/{name}-{Guid.NewGuid():N}", 3600)).GetProperty("id").GetGuid();
}
