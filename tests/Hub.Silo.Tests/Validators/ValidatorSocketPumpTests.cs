using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Uptime.Grains;
using Uptime.Hub.Dispatch;
using Uptime.Hub.Observability;
using Uptime.Hub.Validators;
using Uptime.Protocol;

namespace Uptime.Hub.Tests.Validators;

public sealed class ValidatorSocketPumpTests
{
    private const int MaxFrameBytes = 1024;

    /// <summary>The agent drops the connection on a larger message (Validator.Agent's HubSession).</summary>
    private const int AgentMessageLimitBytes = 1024 * 1024;

    private static readonly DateTime _dueAt = new(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc);

    private readonly CheckTokens _checkTokens = new(RandomNumberGenerator.GetBytes(32));
    private readonly Guid _validatorId = Guid.NewGuid();

    [Fact]
    public async Task Send_ChecksQueuedTogether_OneCheckWebsiteFrameWithTheCheckTokenOfEach()
    {
        var socket = new ScriptedWebSocket();
        var pump = Pump(socket);
        CheckItem[] checks = [new(Guid.NewGuid(), "https://a.example", 60, _dueAt), new(Guid.NewGuid(), "https://b.example", 30, _dueAt)];

        pump.EnqueueChecks([checks[0]], _validatorId);
        pump.EnqueueChecks([checks[1]], _validatorId);
        await SendAllAsync(pump);

        var frame = Assert.Single(socket.Sent);
        using var json = JsonDocument.Parse(frame);
        Assert.Equal(MessageTypes.CheckWebsite, json.RootElement.GetProperty("type").GetString());
        Assert.Equal(
            checks.Select(c => _checkTokens.Issue(c.WebsiteId, _validatorId, c.DueAt).ToString()),
            json.RootElement.GetProperty("payload").GetProperty("websites").EnumerateArray().Select(w => w.GetProperty("checkToken").GetString()));
    }

    [Fact]
    public async Task Send_ChecksWithLargeDefinitions_SplitIntoFramesUnderTheBudget_AllInOrder()
    {
        var socket = new ScriptedWebSocket();
        var pump = Pump(socket);
        var definition = JsonSerializer.Serialize(new { method = "POST", body = new string('é', 40_000) });
        var monitor = new MonitorSpec(MonitorSpec.HttpType, definition, "http");
        var checks = Enumerable.Range(0, 40).Select(i => new CheckItem(Guid.NewGuid(), $"https://{i}.example", 60, _dueAt, Monitor: monitor)).ToArray();

        pump.EnqueueChecks([.. checks], _validatorId);
        await SendAllAsync(pump);

        Assert.All(socket.Sent.Select(Encoding.UTF8.GetByteCount), bytes => Assert.True(bytes <= AgentMessageLimitBytes, $"a frame of {bytes} bytes"));
        Assert.Equal(
            checks.Select(c => c.WebsiteId),
            socket.Sent.SelectMany(frame => JsonDocument.Parse(frame).RootElement.GetProperty("payload").GetProperty("websites").EnumerateArray()
                .Select(w => w.GetProperty("websiteId").GetGuid())));
    }

    [Fact]
    public async Task Send_ChecksThatWentStaleInTheQueue_Dropped()
    {
        var socket = new ScriptedWebSocket();
        var pump = Pump(socket);
        var late = _dueAt.AddSeconds(-20);
        CheckItem[] checks = [new(Guid.NewGuid(), "https://stale.example", 30, late), new(Guid.NewGuid(), "https://fresh.example", 60, late)];

        pump.EnqueueChecks([.. checks], _validatorId);
        await SendAllAsync(pump);

        using var json = JsonDocument.Parse(Assert.Single(socket.Sent));
        var sent = Assert.Single(json.RootElement.GetProperty("payload").GetProperty("websites").EnumerateArray());
        Assert.Equal("https://fresh.example", sent.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Send_AcknowledgementsQueuedTogether_OneTickAckFrameBeforeTheNextMessage()
    {
        var socket = new ScriptedWebSocket();
        var pump = Pump(socket);
        Guid[] tickIds = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

        pump.Acknowledge(tickIds[..2]);
        pump.Acknowledge(tickIds[2..]);
        pump.Send(new ErrorMessage(ErrorCodes.InternalError, "later"));
        await SendAllAsync(pump);

        Assert.Equal(2, socket.Sent.Count);
        using var acks = JsonDocument.Parse(socket.Sent[0]);
        Assert.Equal(MessageTypes.TickAck, acks.RootElement.GetProperty("type").GetString());
        Assert.Equal(tickIds, acks.RootElement.GetProperty("payload").GetProperty("tickIds").EnumerateArray().Select(t => t.GetGuid()));
        Assert.Contains("\"later\"", socket.Sent[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Close_WritesWhatIsQueuedThenTheCloseFrameAndNothingAfter()
    {
        var socket = new ScriptedWebSocket();
        var pump = Pump(socket);

        pump.Send(new ErrorMessage(ErrorCodes.RateLimited, "first"));
        pump.Close(WebSocketCloseStatus.PolicyViolation, "message flood");
        pump.Send(new ErrorMessage(ErrorCodes.RateLimited, "after the close"));
        await SendAllAsync(pump);

        Assert.Contains("\"first\"", Assert.Single(socket.Sent), StringComparison.Ordinal);
        Assert.Equal((WebSocketCloseStatus.PolicyViolation, "message flood"), socket.ClosedWith);
    }

    [Fact]
    public async Task Receive_FramesInPieces_EachHandedOnWhole()
    {
        var large = new byte[MaxFrameBytes];
        Array.Fill(large, (byte)'x');
        var socket = new ScriptedWebSocket(Text(large), Text("{}"u8.ToArray()), Closing());
        var handed = new List<byte[]>();

        var reason = await Pump(socket).ReceiveLoopAsync(Keep(handed), _ => Assert.Fail("refused a frame within the limit"), CancellationToken.None);

        Assert.Equal(new[] { large, "{}"u8.ToArray() }, handed);
        Assert.Equal("closed by validator", reason);
    }

    [Fact]
    public async Task Receive_TheValidatorAnswersTheHubsClose_TheHubsReasonIsWhyItClosed()
    {
        var socket = new ScriptedWebSocket(Closing());
        var pump = Pump(socket);

        pump.Close(WebSocketCloseStatus.EndpointUnavailable, "hub shutting down");
        var reason = await pump.ReceiveLoopAsync(Keep([]), _ => { }, CancellationToken.None);

        Assert.Equal("hub shutting down", reason);
    }

    [Fact]
    public async Task Receive_FrameOverTheLimit_RefusedOnceAndNotHandedOn()
    {
        var socket = new ScriptedWebSocket(Text(new byte[MaxFrameBytes * 3]), Text("{}"u8.ToArray()), Closing());
        var handed = new List<byte[]>();
        var refused = new List<int>();

        await Pump(socket).ReceiveLoopAsync(Keep(handed), refused.Add, CancellationToken.None);

        Assert.Equal(MaxFrameBytes, Assert.Single(refused));
        Assert.Equal(new[] { "{}"u8.ToArray() }, handed);
    }

    private static (WebSocketMessageType, byte[]) Text(byte[] bytes) => (WebSocketMessageType.Text, bytes);

    private static (WebSocketMessageType, byte[]) Closing() => (WebSocketMessageType.Close, []);

    private static Func<ReadOnlyMemory<byte>, Task> Keep(List<byte[]> handed) => frame =>
    {
        handed.Add(frame.ToArray());
        return Task.CompletedTask;
    };

    private static async Task SendAllAsync(ValidatorSocketPump pump)
    {
        pump.StartSending();
        await pump.FinishAsync();
    }

    private ValidatorSocketPump Pump(ScriptedWebSocket socket) =>
        new(socket, MaxFrameBytes, _checkTokens, new HubCounters(), new FakeTimeProvider(_dueAt), () => Assert.Fail("send queue full"));
}
