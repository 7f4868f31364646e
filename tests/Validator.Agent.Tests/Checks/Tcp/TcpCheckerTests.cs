using System.Net;
using System.Text;
using Uptime.Agent.Checks;
using Uptime.Agent.Checks.Tcp;
using Uptime.Protocol;
using Uptime.Protocol.Checks;
using Uptime.Security;
using Uptime.Testing;

namespace Uptime.Agent.Tests.Checks.Tcp;

/// <summary>TCP checks against real listeners on 127.0.0.1 (private targets allowed, except where a test says otherwise).</summary>
public sealed class TcpCheckerTests
{
    private static readonly TcpChecker _checker = new(TargetDialer.For(allowPrivateTargets: true), TimeProvider.System);

    [Fact]
    public async Task CheckAsync_ListeningPortNothingToSendOrExpect_GoodWithConnectPhaseAndAddress()
    {
        await using var server = TcpTestServer.Start((_, _) => Task.CompletedTask);

        var outcome = await _checker.CheckAsync(server.Url, TcpCheckDefinition.Plain, CancellationToken.None);

        Assert.Equal((TickStatus.Good, null), (outcome.Status, outcome.Error));
        Assert.Equal($"127.0.0.1:{server.Port}", outcome.Address);
        Assert.NotNull(outcome.Phases);
        Assert.Null(outcome.Phases.Dns);
        Assert.InRange(outcome.Phases.Connect!.Value, 0, outcome.LatencyMs);
        Assert.Null(outcome.Phases.FirstByte);
    }

    [Fact]
    public async Task CheckAsync_BannerContainsExpected_GoodWithFirstBytePhase()
    {
        await using var server = TcpTestServer.Start(async (stream, token) =>
        {
            await stream.WriteAsync("220 smtp.example.test ESMTP ready\r\n"u8.ToArray(), token);
            await TcpTestServer.ReadUntilAsync(stream, "never sent", token);
        });

        var outcome = await _checker.CheckAsync(server.Url, new TcpCheckDefinition(null, "ESMTP", 5), CancellationToken.None);

        Assert.Equal((TickStatus.Good, null), (outcome.Status, outcome.Error));
        Assert.InRange(outcome.Phases!.FirstByte!.Value, 0, outcome.LatencyMs);
    }

    [Fact]
    public async Task CheckAsync_SendAndExpectedReply_Good()
    {
        await using var server = TcpTestServer.Start(async (stream, token) =>
        {
            await TcpTestServer.ReadUntilAsync(stream, "PING\r\n", token);
            await stream.WriteAsync("+PONG\r\n"u8.ToArray(), token);
        });

        var outcome = await _checker.CheckAsync(server.Url, new TcpCheckDefinition("PING\r\n", "+PONG", 5), CancellationToken.None);

        Assert.Equal((TickStatus.Good, null), (outcome.Status, outcome.Error));
    }

    [Fact]
    public async Task CheckAsync_ExpectedBytesSplitOverTwoWrites_Good()
    {
        await using var server = TcpTestServer.Start(async (stream, token) =>
        {
            await stream.WriteAsync("+OK server +PO"u8.ToArray(), token);
            await stream.FlushAsync(token);
            await Task.Delay(100, token);
            await stream.WriteAsync("NG\r\n"u8.ToArray(), token);
            await TcpTestServer.ReadUntilAsync(stream, "never sent", token);
        });

        var outcome = await _checker.CheckAsync(server.Url, new TcpCheckDefinition(null, "+PONG", 5), CancellationToken.None);

        Assert.Equal((TickStatus.Good, null), (outcome.Status, outcome.Error));
    }

    [Fact]
    public async Task CheckAsync_OtherReplyThenClose_BadSayingWhatCame()
    {
        await using var server = TcpTestServer.Start(async (stream, token) =>
        {
            await TcpTestServer.ReadUntilAsync(stream, "PING\r\n", token);
            await stream.WriteAsync("-ERR unknown command 'PING'\r\n"u8.ToArray(), token);
        });

        var outcome = await _checker.CheckAsync(server.Url, new TcpCheckDefinition("PING\r\n", "+PONG", 5), CancellationToken.None);

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.False(outcome.Refused);
        Assert.Equal("Expected \"+PONG\" not received: got \"-ERR unknown command 'PING'\\r\\n\" and the connection closed", outcome.Error);
        Assert.NotNull(outcome.Phases!.FirstByte);
    }

    [Fact]
    public async Task CheckAsync_LongUnprintableReply_ShortenedAndEscaped()
    {
        var reply = new byte[] { 0x00, 0x1b, (byte)'x' }.Concat(Enumerable.Repeat((byte)'y', 100)).ToArray();
        await using var server = TcpTestServer.Start(async (stream, token) => await stream.WriteAsync(reply, token));

        var outcome = await _checker.CheckAsync(server.Url, new TcpCheckDefinition(null, "+OK", 5), CancellationToken.None);

        var shown = "\\x00\\x1bx" + new string('y', Printable.MaxCharacters - 3) + "…";
        Assert.Equal($"Expected \"+OK\" not received: got \"{shown}\" and the connection closed", outcome.Error);
    }

    [Fact]
    public async Task CheckAsync_ServerSendsMoreThanTheReadLimitWithoutExpected_Bad()
    {
        await using var server = TcpTestServer.Start(async (stream, token) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(new string('x', TcpChecker.MaxReadBytes + 1024)), token);
            await TcpTestServer.ReadUntilAsync(stream, "never sent", token);
        });

        var outcome = await _checker.CheckAsync(server.Url, new TcpCheckDefinition(null, "+OK", 5), CancellationToken.None);

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.StartsWith("Expected \"+OK\" not received in the first 64 KiB: got \"xxx", outcome.Error);
    }

    [Fact]
    public async Task CheckAsync_SilentServer_TimeoutSayingWhatWasAwaited()
    {
        await using var server = TcpTestServer.Start((stream, token) => TcpTestServer.ReadUntilAsync(stream, "never sent", token));

        var outcome = await _checker.CheckAsync(server.Url, new TcpCheckDefinition("PING\r\n", "+PONG", 1), CancellationToken.None);

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.Equal("Timeout after 1000 ms waiting for \"+PONG\": got \"\"", outcome.Error);
        Assert.InRange(outcome.LatencyMs, 900, 5000);
        Assert.NotNull(outcome.Phases!.Connect);
    }

    [Fact]
    public async Task CheckAsync_ClosedPort_ConnectionRefused()
    {
        var outcome = await _checker.CheckAsync($"tcp://127.0.0.1:{TcpTestServer.ClosedPort()}", TcpCheckDefinition.Plain, CancellationToken.None);

        Assert.Equal(TickStatus.Bad, outcome.Status);
        Assert.False(outcome.Refused);
        Assert.Equal("Connection refused", outcome.Error);
        Assert.Null(outcome.Address);
    }

    [Fact]
    public async Task CheckAsync_LoopbackWithPrivateTargetsRefused_RefusedTickWithoutConnecting()
    {
        var checker = new TcpChecker(TargetDialer.For(allowPrivateTargets: false), TimeProvider.System);
        await using var server = TcpTestServer.Start((_, _) => Task.CompletedTask);

        var outcome = await checker.CheckAsync(server.Url, TcpCheckDefinition.Plain, CancellationToken.None);

        Assert.Equal((TickStatus.Bad, true), (outcome.Status, outcome.Refused));
        Assert.Equal("Refused: 127.0.0.1 is a loopback address", outcome.Error);
        Assert.Equal(0, server.Accepted);
    }

    [Fact]
    public async Task CheckAsync_NameResolvingToLoopbackWithPrivateTargetsRefused_RefusedNamingTheName()
    {
        var checker = new TcpChecker(new TargetDialer(TargetAddressPolicy.RefusalReason, ResolveTo(IPAddress.Loopback)), TimeProvider.System);
        await using var server = TcpTestServer.Start((_, _) => Task.CompletedTask);

        var outcome = await checker.CheckAsync($"tcp://db.example.test:{server.Port}", TcpCheckDefinition.Plain, CancellationToken.None);

        Assert.Equal((TickStatus.Bad, true), (outcome.Status, outcome.Refused));
        Assert.Equal("Refused: 127.0.0.1 is a loopback address (address of db.example.test)", outcome.Error);
        Assert.Equal(0, server.Accepted);
    }

    [Fact]
    public async Task CheckAsync_NameResolvingToAllowedAddress_GoodWithDnsPhase()
    {
        var checker = new TcpChecker(new TargetDialer(_ => null, ResolveTo(IPAddress.Loopback)), TimeProvider.System);
        await using var server = TcpTestServer.Start((_, _) => Task.CompletedTask);

        var outcome = await checker.CheckAsync($"tcp://db.example.test:{server.Port}", TcpCheckDefinition.Plain, CancellationToken.None);

        Assert.Equal(TickStatus.Good, outcome.Status);
        Assert.NotNull(outcome.Phases!.Dns);
        Assert.Equal(1, server.Accepted);
    }

    [Theory]
    [InlineData("tcp://db.example.test")]
    [InlineData("tcp://db.example.test:5432/path")]
    [InlineData("tcp://user@db.example.test:5432")]
    [InlineData("http://db.example.test:5432")]
    [InlineData("db.example.test:5432")]
    public async Task CheckAsync_NoTcpHostPortUrl_InvalidUrl(string url)
    {
        var outcome = await _checker.CheckAsync(url, TcpCheckDefinition.Plain, CancellationToken.None);

        Assert.Equal((TickStatus.Bad, false), (outcome.Status, outcome.Refused));
        Assert.Equal($"Invalid URL \"{url}\": must be tcp://host:port", outcome.Error);
    }

    private static Func<string, CancellationToken, Task<IPAddress[]>> ResolveTo(IPAddress address) =>
        (_, _) => Task.FromResult(new[] { address });
}
