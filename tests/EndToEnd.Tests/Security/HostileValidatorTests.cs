using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Numerics;
using System.Text;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Protocol;
using Uptime.Security;
using Uptime.Testing;
using Xunit.Abstractions;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.EndToEnd.Tests.Security;

/// <summary>A hub in signature mode, as in production, with the default limits except a roomier message rate for the fuzz.</summary>
public sealed class HostileHubFixture(PostgresFixture postgres) : HubFixture(postgres)
{
    public const int MaxMessagesPerSecond = 2000;
    public const int RegistrationTimeoutSeconds = 5;

    protected override IReadOnlyDictionary<string, string?> Overrides { get; } = new Dictionary<string, string?>
    {
        ["VALIDATOR_AUTH"] = "signature",
        ["HUB_MAX_MESSAGES_PER_SECOND"] = $"{MaxMessagesPerSecond}",
        ["HUB_REGISTRATION_TIMEOUT_SECONDS"] = $"{RegistrationTimeoutSeconds}",
    };
}

/// <summary>
/// Hostile validator traffic against a real hub: garbage, truncated, nested, huge and wrongly typed frames, slow senders,
/// floods from many sockets, forged and malleated signatures. The hub must answer every bad frame with an ERROR (or close
/// the socket for a frame over the size limit), store nothing from it, stay up, and keep storing a legitimate
/// validator's ticks. Every loop is bounded in count and time.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class HostileValidatorTests(HostileHubFixture fixture, ITestOutputHelper output) : IClassFixture<HostileHubFixture>
{
    private static readonly TimeSpan _floodDuration = TimeSpan.FromSeconds(8);

    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task HostileFrames_BeforeAndAfterRegister_EachGetsErrorNothingStoredSocketUsable()
    {
        await using var client = await HubClient.ConnectAsync(Hub);
        var frames = HostileJson.Frames(seed: 11).ToList();

        await SendEachExpectingErrorAsync(client, frames);
        var key = ValidatorKey.Generate();
        var registered = await client.RegisterSignedAsync(key);
        await SendEachExpectingErrorAsync(client, HostileJson.Frames(seed: 12));

        Assert.NotNull(await client.HeartbeatAsync());
        Assert.Equal(0, await Hub.Database.TickCountAsync(registered.ValidatorId));
        output.WriteLine($"{frames.Count} hostile frames before and after REGISTER, each answered with an ERROR");
        AssertHubAlive();
    }

    [Theory]
    [InlineData(64 * 1024 + 1)]
    [InlineData(200_000)]
    public async Task FrameOverSizeLimit_BeforeRegister_ClosedWith1008OthersUnaffected(int size)
    {
        await using var bystander = await HubClient.ConnectAsync(Hub);
        await bystander.RegisterSignedAsync(ValidatorKey.Generate());
        await using var attacker = await HubClient.ConnectAsync(Hub);
        const string Envelope = "{\"type\":\"HEARTBEAT\",\"payload\":{\"timestamp\":\"\"}}";
        var frame = Envelope.Insert(Envelope.Length - 3, new string('9', size - Envelope.Length));
        Assert.Equal(size, Encoding.UTF8.GetByteCount(frame));

        await attacker.SendTextAsync(frame);
        var (status, description) = await attacker.WaitForCloseAsync(TimeSpan.FromSeconds(10));

        Assert.True(
            status == WebSocketCloseStatus.PolicyViolation && description == "frame larger than 65536 bytes",
            $"closed with {status?.ToString() ?? "no status"} ({description}), expected PolicyViolation (1008)");
        Assert.NotNull(await bystander.HeartbeatAsync());
        AssertHubAlive();
    }

    [Fact]
    public async Task SlowAndSilentSenders_DoNotHoldUpALegitimateValidatorAndAreClosedAtTheRegistrationTimeout()
    {
        var stalled = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < 10; i++)
            {
                // Half a frame, never finished; and sockets that say nothing at all.
                var socket = await OpenRawAsync();
                await socket.SendAsync(Encoding.UTF8.GetBytes("{\"type\":\"REGISTER\",\"payload\":{\"publicKey\":\"0x"), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
                stalled.Add(socket);
                stalled.Add(await OpenRawAsync());
            }

            var watch = Stopwatch.StartNew();
            await using var client = await HubClient.ConnectAsync(Hub);
            await client.RegisterSignedAsync(ValidatorKey.Generate());
            await client.HeartbeatAsync();

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"register + heartbeat took {watch.Elapsed.TotalMilliseconds:0} ms beside 20 stalled sockets");
            output.WriteLine($"register + heartbeat beside 20 stalled sockets: {watch.Elapsed.TotalMilliseconds:0} ms");

            var closes = await Task.WhenAll(stalled.Select(ClosedByHubAsync));
            Assert.All(closes, close => Assert.Equal(WebSocketCloseStatus.PolicyViolation, close));
            Assert.NotNull(await client.HeartbeatAsync());
        }
        finally
        {
            foreach (var socket in stalled)
            {
                socket.Abort();
                socket.Dispose();
            }
        }

        AssertHubAlive();
    }

    [Fact]
    public async Task MalleatedAndForgedRegisterSignatures_Refused()
    {
        var key = ValidatorKey.Generate();
        var other = ValidatorKey.Generate();
        var attempts = new (string What, Func<HubClient, RegisterMessage> Register)[]
        {
            ("high-s twin of a valid signature", c => c.SignedRegister(key) with { Signature = HighS(c.SignedRegister(key).Signature!) }),
            ("signature by another key", c => c.SignedRegister(other) with { PublicKey = key.Address }),
            ("valid signature, other address claimed", c => c.SignedRegister(key) with { PublicKey = other.Address }),
            ("v flipped", c => c.SignedRegister(key) with { Signature = FlipV(c.SignedRegister(key).Signature!) }),
            ("signature over an empty nonce", c => new RegisterMessage(key.Address, "E2E Lab", key.SignPersonalMessage(SignedTexts.Registration(key.Address, "E2E Lab", "")))),
            ("all zero", c => c.SignedRegister(key) with { Signature = "0x" + new string('0', 130) }),
        };

        foreach (var (what, register) in attempts)
        {
            await using var client = await HubClient.ConnectAsync(Hub);
            await client.SendAsync(register(client));

            var error = await client.ReceiveAsync<ErrorMessage>();
            Assert.True(error.Code == ErrorCodes.InvalidSignature, $"{what}: {error.Code} {error.Message}");
            var (status, _) = await client.WaitForCloseAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, status);
        }

        Assert.Null(await Hub.Database.ValidatorAsync(key.Address));
        Assert.Null(await Hub.Database.ValidatorAsync(other.Address));
    }

    [Fact]
    public async Task FloodFromManySockets_LegitimateTicksKeepBeingStored()
    {
        // A validator answers each check once: one website per legitimate tick.
        await using var legit = await HubClient.ConnectAsync(Hub);
        var registered = await legit.RegisterSignedAsync(ValidatorKey.Generate());
        var websiteIds = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            websiteIds.Add((await Hub.CreateWebsiteAsync($"https://example.com/flood-witness-{i}", interval: 3600)).GetProperty("id").GetGuid());
        }

        var checks = await legit.ReceiveChecksForAllAsync(websiteIds, TimeSpan.FromSeconds(30));

        var before = await TickAckLatenciesAsync(legit, [.. websiteIds[..20].Select(id => checks[id])]);
        using var stop = new CancellationTokenSource(_floodDuration);
        var flood = Enumerable.Range(0, 16).Select(i => FloodAsync(i, stop.Token)).ToArray();
        var during = await TickAckLatenciesAsync(legit, [.. websiteIds[20..].Select(id => checks[id])]);
        var sent = (await Task.WhenAll(flood)).Sum();

        var stored = await Eventually.UntilAsync(
            () => Hub.Database.TickCountAsync(registered.ValidatorId),
            count => count == 40,
            TimeSpan.FromSeconds(20),
            count => $"{count} of the legitimate validator's 40 ticks stored{Hub.Diagnostics}");
        Assert.Equal(40, stored);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"16 sockets sent {sent} hostile frames in {_floodDuration.TotalSeconds:0} s; legitimate tick → TICK_ACK p50/max before {Median(before):0}/{before.Max():0} ms, during {Median(during):0}/{during.Max():0} ms"));
        Assert.True(Median(during) < 1_000, $"legitimate ticks took {Median(during):0} ms (median) to be acknowledged during the flood");
        Assert.True(during.Max() < 10_000, $"a legitimate tick took {during.Max():0} ms to be acknowledged during the flood");
        Assert.NotNull(await legit.HeartbeatAsync());
        AssertHubAlive();
    }

    /// <summary>Answers one check at a time and measures send → TICK_ACK (the tick is then durably stored).</summary>
    private static async Task<List<double>> TickAckLatenciesAsync(HubClient client, IReadOnlyList<WebsiteCheck> checks)
    {
        var latencies = new List<double>();
        foreach (var check in checks)
        {
            var tick = HubClient.Answer(check, TickStatus.Good, 12, DateTime.UtcNow);
            var tickId = tick.TickId!.Value;
            var watch = Stopwatch.StartNew();
            await client.SendAsync(tick);
            await client.ReceiveUntilAsync(m => m is TickAckMessage ack && ack.TickIds.Contains(tickId), $"TICK_ACK of {tickId}", TimeSpan.FromSeconds(15));
            latencies.Add(watch.Elapsed.TotalMilliseconds);
        }

        return latencies;
    }

    /// <summary>
    /// One hostile socket that never reads: odd sockets register (signed) and send ticks for websites that do not exist
    /// and garbage, even ones stay unregistered and send garbage. Returns how many frames it got out before the hub closed it
    /// or the flood ended.
    /// </summary>
    private async Task<int> FloodAsync(int index, CancellationToken stop)
    {
        using var socket = await OpenRawAsync();
        var frames = HostileJson.Frames(seed: 100 + index).Where(f => f.Length < 16 * 1024).Select(Encoding.UTF8.GetBytes).ToArray();
        var sent = 0;
        try
        {
            if (index % 2 == 1)
            {
                var challenge = await ReadChallengeAsync(socket);
                var key = ValidatorKey.Generate();
                var register = new RegisterMessage(key.Address, "Flood", key.SignPersonalMessage(SignedTexts.Registration(key.Address, "Flood", challenge.Nonce)));
                await socket.SendAsync(MessageWriter.ToUtf8(register), WebSocketMessageType.Text, endOfMessage: true, stop);
            }

            var tick = MessageWriter.ToUtf8(new TickResultMessage(Guid.NewGuid(), TickStatus.Good, 1, DateTime.UtcNow, null, Guid.NewGuid()));
            while (!stop.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                var frame = sent % 3 == 0 ? tick : frames[sent % frames.Length];
                await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, stop);
                sent++;
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // Closed by the hub (flood, rate limit) or the flood's time is up.
        }

        socket.Abort();
        return sent;
    }

    /// <summary>Reads (and drops) what the hub sends until it closes the socket; the close status.</summary>
    private static async Task<WebSocketCloseStatus?> ClosedByHubAsync(ClientWebSocket socket)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(HostileHubFixture.RegistrationTimeoutSeconds + 10));
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return result.CloseStatus;
            }
        }
    }

    private static async Task<ChallengeMessage> ReadChallengeAsync(ClientWebSocket socket)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(HubClient.DefaultTimeout);
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        return Assert.IsType<ChallengeMessage>(HubMessageParser.Parse(buffer.AsMemory(0, result.Count)).Message);
    }

    private async Task<ClientWebSocket> OpenRawAsync()
    {
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(HubClient.DefaultTimeout);
        await socket.ConnectAsync(Hub.WebSocketAddress, timeout.Token);
        return socket;
    }

    private async Task SendEachExpectingErrorAsync(HubClient client, IEnumerable<string> frames)
    {
        foreach (var frame in frames)
        {
            await client.SendTextAsync(frame);
            var error = await client.ReceiveAsync<ErrorMessage>();
            Assert.False(string.IsNullOrWhiteSpace(error.Code), $"empty ERROR code for {Shorten(frame)}");
        }
    }

    private void AssertHubAlive() => Assert.False(Hub.Process.HasExited, "the hub process exited" + Hub.Diagnostics);

    /// <summary>The same signature with s replaced by n − s and v flipped: valid ECDSA, refused by Ethereum's low-s rule.</summary>
    private static string HighS(string signature)
    {
        var n = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", NumberStyles.HexNumber);
        var bytes = Convert.FromHexString(signature[2..]);
        var s = new BigInteger(bytes.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        var highS = (n - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var twin = bytes.ToArray();
        Array.Clear(twin, 32, 32);
        highS.CopyTo(twin, 64 - highS.Length);
        twin[64] = (byte)(twin[64] == 27 ? 28 : 27);
        return "0x" + Convert.ToHexStringLower(twin);
    }

    private static string FlipV(string signature) =>
        signature[..^2] + (signature[^2..] == "1b" ? "1c" : "1b");

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string Shorten(string frame) => frame.Length <= 80 ? frame : frame[..80] + "…";
}
