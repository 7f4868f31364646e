using System.Net.WebSockets;
using System.Text;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Grains;
using Uptime.Protocol;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.EndToEnd.Tests;

/// <summary>The validator WebSocket protocol of a real hub process, spoken frame by frame over a raw socket.</summary>
[Collection(HubCollection.Name)]
public sealed class ValidatorProtocolTests(DefaultHubFixture fixture) : IClassFixture<DefaultHubFixture>
{
    private const string ValidTickForRandomWebsite =
        """{"type":"TICK_RESULT","payload":{"websiteId":"7d7c5b5e-2f6a-4a44-9d7e-0d0f4f1c1e11","status":"Good","latency":12.5,"timestamp":"2025-11-20T12:00:00Z","error":null}}""";

    private HubProcess Hub => fixture.Hub;

    /// <summary>Bad frames sent before REGISTER, with the ERROR code each must get.</summary>
    public static TheoryData<string, string> BadFramesBeforeRegister => new()
    {
        { "{not json", ErrorCodes.InvalidJson },
        { "[1,2,3]", ErrorCodes.InvalidMessage },
        { """{"payload":{}}""", ErrorCodes.InvalidMessage },
        { """{"type":"PING","payload":{}}""", ErrorCodes.UnknownType },
        { """{"type":"REGISTER","payload":{"publicKey":"0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb1"}}""", ErrorCodes.MissingField },
        { """{"type":"REGISTER","payload":{"publicKey":"0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb1","location":5}}""", ErrorCodes.InvalidField },
        { """{"type":"HEARTBEAT","payload":{"timestamp":12}}""", ErrorCodes.InvalidField },
        { """{"type":"REGISTER","payload":{"publicKey":"0x1234","location":"Lab"}}""", ErrorCodes.InvalidPublicKey },
        { """{"type":"REGISTER","payload":{"publicKey":"742d35Cc6634C0532925a3b844Bc9e7595f0bEb1ab","location":"Lab"}}""", ErrorCodes.InvalidPublicKey },
        { """{"type":"REGISTER","payload":{"publicKey":"0xZZ2d35Cc6634C0532925a3b844Bc9e7595f0bEb1","location":"Lab"}}""", ErrorCodes.InvalidPublicKey },
        { ValidTickForRandomWebsite, ErrorCodes.NotRegistered },
        { """{"type":"HEARTBEAT","payload":{"timestamp":"2025-11-20T12:00:00Z"}}""", ErrorCodes.NotRegistered },
    };

    [Theory]
    [MemberData(nameof(BadFramesBeforeRegister))]
    public async Task BadFrame_BeforeRegister_ErrorWithCodeAndConnectionStillRegisters(string frame, string expectedCode)
    {
        await using var client = await HubClient.ConnectAsync(Hub);

        await client.SendTextAsync(frame);
        var error = await client.ReceiveAsync<ErrorMessage>();

        Assert.Equal(expectedCode, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        var publicKey = AgentProcess.NewPublicKey();
        var registered = await client.RegisterAsync(publicKey);
        Assert.Equal(ValidatorIds.FromPublicKey(publicKey), registered.ValidatorId);
    }

    [Fact]
    public async Task BadFrames_AfterRegister_EachGetsErrorAndHeartbeatStillAcknowledged()
    {
        await Hub.CreateWebsiteAsync("https://example.com/after-bad-frames", interval: 3600);
        await using var client = await HubClient.ConnectAsync(Hub);
        await client.RegisterAsync(AgentProcess.NewPublicKey());
        var frames = new (string Frame, string Code)[]
        {
            ("{\"type\":", ErrorCodes.InvalidJson),
            ("""{"type":"SHUTDOWN","payload":{}}""", ErrorCodes.UnknownType),
            ("""{"type":"TICK_RESULT","payload":{"status":"Good","latency":1,"timestamp":"2025-11-20T12:00:00Z"}}""", ErrorCodes.MissingField),
            ("""{"type":"TICK_RESULT","payload":{"websiteId":"nope","status":"Good","latency":1,"timestamp":"2025-11-20T12:00:00Z"}}""", ErrorCodes.InvalidField),
            ("""{"type":"TICK_RESULT","payload":{"websiteId":"7d7c5b5e-2f6a-4a44-9d7e-0d0f4f1c1e11","status":"Fine","latency":1,"timestamp":"2025-11-20T12:00:00Z"}}""", ErrorCodes.InvalidField),
            ("""{"type":"TICK_RESULT","payload":{"websiteId":"7d7c5b5e-2f6a-4a44-9d7e-0d0f4f1c1e11","status":"Good","latency":"fast","timestamp":"2025-11-20T12:00:00Z"}}""", ErrorCodes.InvalidField),
            ("""{"type":"TICK_RESULT","payload":{"websiteId":"7d7c5b5e-2f6a-4a44-9d7e-0d0f4f1c1e11","status":"Good","latency":-1,"timestamp":"2025-11-20T12:00:00Z"}}""", ErrorCodes.InvalidField),
            ("""{"type":"TICK_RESULT","payload":{"websiteId":"7d7c5b5e-2f6a-4a44-9d7e-0d0f4f1c1e11","status":"Good","latency":1,"timestamp":"20/11/2025"}}""", ErrorCodes.InvalidField),
            ("""{"type":"REGISTER","payload":{"publicKey":"0x12","location":"Lab"}}""", ErrorCodes.InvalidPublicKey),
            (ValidTickForRandomWebsite, ErrorCodes.UnknownWebsite),
        };

        foreach (var (frame, code) in frames)
        {
            await client.SendTextAsync(frame);
            var error = await client.ReceiveAsync<ErrorMessage>();
            Assert.True(code == error.Code, $"frame {frame} got {error.Code} ({error.Message}), expected {code}{Hub.Diagnostics}");
        }

        var ack = await AckCountingEnabledWebsitesAsync(client);
        Assert.True(ack.ActiveWebsites >= 1, $"HEARTBEAT_ACK counts {ack.ActiveWebsites} active websites; one was created");
        Assert.Equal(WebSocketState.Open, client.State);
    }

    [Fact]
    public async Task Register_SameKeyTwiceOnOneConnection_SameValidatorIdAndConnectedCount()
    {
        await using var client = await HubClient.ConnectAsync(Hub);
        var publicKey = AgentProcess.NewPublicKey();

        var first = await client.RegisterAsync(publicKey, "US-East Virginia");
        var second = await client.RegisterAsync(publicKey, "US-East Virginia");

        Assert.Equal(first.ValidatorId, second.ValidatorId);
        Assert.Equal(ValidatorIds.FromPublicKey(publicKey), first.ValidatorId);
        Assert.True(first.ConnectedValidators >= 1, $"connectedValidators was {first.ConnectedValidators}");
        Assert.False(string.IsNullOrWhiteSpace(first.Message));
        var row = await Hub.Database.ValidatorAsync(publicKey);
        Assert.True(row is { Online: true, Location: "US-East Virginia", IpAddress: "127.0.0.1" }, $"validators row: {row}");
        Assert.Equal(first.ValidatorId, row!.Id);
    }

    [Fact]
    public async Task Register_AnotherKeyOnRegisteredConnection_AlreadyRegisteredError()
    {
        await using var client = await HubClient.ConnectAsync(Hub);
        await client.RegisterAsync(AgentProcess.NewPublicKey());

        await client.SendAsync(new RegisterMessage(AgentProcess.NewPublicKey(), "Elsewhere"));

        Assert.Equal(ErrorCodes.AlreadyRegistered, (await client.ReceiveAsync<ErrorMessage>()).Code);
        await client.HeartbeatAsync();
    }

    [Fact]
    public async Task Register_OnWsPath_Registered()
    {
        await using var client = await HubClient.ConnectAsync(Hub, "/ws");

        var registered = await client.RegisterAsync(AgentProcess.NewPublicKey());

        Assert.NotEqual(Guid.Empty, registered.ValidatorId);
    }

    [Fact]
    public async Task Register_SameKeyFromSecondSocket_FirstSocketClosedAndSecondStaysCurrent()
    {
        var publicKey = AgentProcess.NewPublicKey();
        await using var first = await HubClient.ConnectAsync(Hub);
        await using var second = await HubClient.ConnectAsync(Hub);
        var firstRegistration = await first.RegisterAsync(publicKey, "Old Place");

        var secondRegistration = await second.RegisterAsync(publicKey, "New Place");
        var (status, description) = await first.WaitForCloseAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(firstRegistration.ValidatorId, secondRegistration.ValidatorId);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        Assert.Contains("replaced", description ?? "", StringComparison.OrdinalIgnoreCase);
        await second.HeartbeatAsync();
        var row = await Hub.Database.ValidatorAsync(publicKey);
        Assert.True(row is { Online: true, Location: "New Place" }, $"validators row after the replacement: {row}");
    }

    [Fact]
    public async Task Heartbeat_AfterWebsiteCreated_AckCountsEnabledWebsites()
    {
        await using var client = await HubClient.ConnectAsync(Hub);
        await client.RegisterAsync(AgentProcess.NewPublicKey());
        await Hub.CreateWebsiteAsync("https://example.com/heartbeat-count", interval: 3600);

        var ack = await AckCountingEnabledWebsitesAsync(client);

        Assert.True(ack.ActiveWebsites >= 1);
        Assert.True(Math.Abs((DateTime.UtcNow - ack.Timestamp).TotalMinutes) < 1, $"ack timestamp {ack.Timestamp:O}");
    }

    [Fact]
    public async Task Frame_LargerThan64KiB_ClosedWithPolicyViolation()
    {
        await using var client = await HubClient.ConnectAsync(Hub);
        await client.RegisterAsync(AgentProcess.NewPublicKey());
        var oversized = Encoding.UTF8.GetBytes($$$"""{"type":"HEARTBEAT","payload":{"timestamp":"2025-11-20T12:00:00Z","padding":"{{{new string('x', 70 * 1024)}}}"}}""");

        await client.SendFrameAsync(oversized);
        var (status, _) = await client.WaitForCloseAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
    }

    [Fact]
    public async Task Frame_JustUnder64KiB_Accepted()
    {
        await using var client = await HubClient.ConnectAsync(Hub);
        await client.RegisterAsync(AgentProcess.NewPublicKey());
        var envelope = """{"type":"HEARTBEAT","payload":{"timestamp":"2025-11-20T12:00:00Z","padding":""}}""";
        var frame = Encoding.UTF8.GetBytes(envelope.Insert(envelope.Length - 3, new string('x', (64 * 1024) - envelope.Length)));
        Assert.Equal(64 * 1024, frame.Length);

        await client.SendFrameAsync(frame);

        await client.ReceiveAsync<HeartbeatAckMessage>();
    }

    [Fact]
    public async Task CheckWebsite_WebsiteCreatedAfterRegister_DispatchedAndTickResultStored()
    {
        await using var client = await HubClient.ConnectAsync(Hub);
        var registered = await client.RegisterAsync(AgentProcess.NewPublicKey());
        var website = await Hub.CreateWebsiteAsync("https://example.com/dispatched", interval: 60);
        var websiteId = website.GetProperty("id").GetGuid();

        var check = await client.ReceiveCheckForAsync(websiteId);
        Assert.Equal(new WebsiteCheck(websiteId, "https://example.com/dispatched", 60), check with { CheckToken = null });
        Assert.True(CheckToken.TryParse(check.CheckToken, out _), $"checkToken {check.CheckToken}");

        // Answered as a spec-only client would: no checkToken, no tickId.
        var checkedAt = DateTime.UnixEpoch.AddTicks((DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10 * 10);
        await client.SendAsync(new TickResultMessage(websiteId, TickStatus.Bad, 85.5, checkedAt, "HTTP 503"));

        var ticks = await Eventually.UntilAsync(
            () => Hub.Database.TicksAsync(websiteId),
            found => found.Count > 0,
            TimeSpan.FromSeconds(15),
            _ => $"the TICK_RESULT for {websiteId} was not stored{Hub.Diagnostics}");
        var tick = Assert.Single(ticks);
        Assert.Equal((websiteId, registered.ValidatorId, checkedAt, "Bad", 85.5, "HTTP 503"), (tick.WebsiteId, tick.ValidatorId, tick.Timestamp, tick.Status, tick.Latency, tick.Error));
    }

    [Fact]
    public async Task TickResult_ForNeverCreatedWebsite_UnknownWebsiteErrorNotStoredAndConnectionStaysUsable()
    {
        await using var client = await HubClient.ConnectAsync(Hub);
        await client.RegisterAsync(AgentProcess.NewPublicKey());
        var websiteId = Guid.NewGuid();

        await client.SendAsync(new TickResultMessage(websiteId, TickStatus.Good, 10, DateTime.UtcNow, null));

        var error = await client.ReceiveAsync<ErrorMessage>();
        Assert.True(error.Code == ErrorCodes.UnknownWebsite, $"got {error.Code} ({error.Message}), expected {ErrorCodes.UnknownWebsite}{Hub.Diagnostics}");
        await client.HeartbeatAsync();
        Assert.Empty(await Hub.Database.TicksAsync(websiteId));
    }

    [Fact]
    public async Task TickResult_ForDeletedWebsite_UnknownWebsiteError()
    {
        await using var client = await HubClient.ConnectAsync(Hub);
        await client.RegisterAsync(AgentProcess.NewPublicKey());
        var websiteId = (await Hub.CreateWebsiteAsync("https://example.com/deleted", interval: 60)).GetProperty("id").GetGuid();
        using (var deleted = await Hub.Http.DeleteAsync($"api/websites/{websiteId}"))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await client.SendAsync(new TickResultMessage(websiteId, TickStatus.Good, 10, DateTime.UtcNow, null));

        var error = await client.ReceiveAsync<ErrorMessage>();
        Assert.True(error.Code == ErrorCodes.UnknownWebsite, $"got {error.Code} ({error.Message}), expected {ErrorCodes.UnknownWebsite}{Hub.Diagnostics}");
        Assert.Empty(await Hub.Database.TicksAsync(websiteId));
    }

    /// <summary>
    /// Heartbeats until an ack counts as many active websites as the database has enabled: the hub refreshes its count
    /// every 10 s, so a website created just before shows up within one refresh.
    /// </summary>
    private async Task<HeartbeatAckMessage> AckCountingEnabledWebsitesAsync(HubClient client)
    {
        var expected = await Hub.Database.EnabledWebsiteCountAsync();
        return await Eventually.UntilAsync(
            client.HeartbeatAsync,
            ack => ack.ActiveWebsites == expected,
            TimeSpan.FromSeconds(15),
            ack => $"HEARTBEAT_ACK says {ack?.ActiveWebsites} active websites, the database has {expected} enabled{Hub.Diagnostics}");
    }
}
