using Uptime.Agent.Hub;
using Uptime.Agent.Tests.Infrastructure;
using Uptime.Protocol;
using Uptime.Security;

namespace Uptime.Agent.Tests.Hub;

/// <summary>CHALLENGE, signed REGISTER, signed ticks, the bearer token and refused registrations, against the fake hub.</summary>
public sealed class HubRegistrationTests : FakeHubTest
{
    [Fact]
    public async Task ExecuteAsync_Challenge_SendsRegisterSignedOverItsNonce()
    {
        var options = AgentHost.OptionsFor(Hub);
        options.Location = "  Test Lab  ";
        await using var agent = await AgentHost.StartAsync(options);
        var connection = await Hub.NextConnectionAsync();

        var register = await connection.AcceptRegistrationAsync();

        Assert.Equal(options.Key!.Address, register.PublicKey);
        Assert.Equal("Test Lab", register.Location);
        var text = SignedTexts.Registration(register.PublicKey, register.Location, connection.Nonce!);
        Assert.True(PersonalSign.TryRecover(text, register.Signature!, out var signer, out var error), error);
        Assert.Equal(options.Key!.Address, signer.Address);
    }

    [Fact]
    public async Task ExecuteAsync_ConfiguredPublicKeyInOtherCase_SignsThatExactText()
    {
        var options = AgentHost.OptionsFor(Hub);
        options.PublicKey = "0x" + options.Key!.Address[2..].ToUpperInvariant();
        await using var agent = await AgentHost.StartAsync(options);
        var connection = await Hub.NextConnectionAsync();

        var register = await connection.AcceptRegistrationAsync();

        Assert.Equal(options.PublicKey, register.PublicKey);
        var text = SignedTexts.Registration(options.PublicKey, "Test Lab", connection.Nonce!);
        Assert.True(options.Key!.PublicKey.Verify(text, register.Signature!));
    }

    [Fact]
    public async Task ExecuteAsync_EveryConnection_SignsItsOwnNonce()
    {
        var options = AgentHost.OptionsFor(Hub);
        await using var agent = await AgentHost.StartAsync(options);
        var first = await Hub.NextConnectionAsync();
        var firstRegister = await first.AcceptRegistrationAsync();
        await first.CloseAsync();
        var second = await Hub.NextConnectionAsync();

        var secondRegister = await second.AcceptRegistrationAsync();

        Assert.NotEqual(first.Nonce, second.Nonce);
        Assert.NotEqual(firstRegister.Signature, secondRegister.Signature);
        Assert.True(options.Key!.PublicKey.Verify(SignedTexts.Registration(options.PublicKey, "Test Lab", second.Nonce!), secondRegister.Signature!));
    }

    [Fact]
    public async Task ExecuteAsync_HubWithoutChallenge_SendsPlainRegisterAfterTheWait()
    {
        await using var oldHub = await FakeHub.StartAsync(sendChallenge: false);
        var options = AgentHost.OptionsFor(oldHub);
        await using var agent = await AgentHost.StartAsync(options);
        var connection = await oldHub.NextConnectionAsync();
        var connected = DateTime.UtcNow;

        var register = await connection.AcceptRegistrationAsync();

        Assert.Null(register.Signature);
        Assert.Equal(options.PublicKey, register.PublicKey);
        Assert.InRange(DateTime.UtcNow - connected, HubConnectionService.ChallengeTimeout - TimeSpan.FromSeconds(1), Waits.Timeout);
        await agent.Logs.WaitForAsync("ℹ️ No CHALLENGE from the hub within 5s: registering without a signature");
    }

    [Fact]
    public async Task ExecuteAsync_SignedTicksRequired_SignsEveryTickOverItsFields()
    {
        await using var hub = await FakeHub.StartAsync(requireSignedTicks: true);
        var options = AgentHost.OptionsFor(hub);
        await using var agent = await AgentHost.StartAsync(options);
        var connection = await hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();

        await connection.SendAsync(new CheckWebsiteMessage(
            [new WebsiteCheck(Guid.NewGuid(), Target.Url("/ok"), 30), new WebsiteCheck(Guid.NewGuid(), Target.Url("/error"), 30)],
            DateTime.UtcNow));
        var ticks = await connection.ReceiveTicksAsync(2);

        Assert.Contains(ticks, tick => tick.Status == TickStatus.Bad && tick.Error == "HTTP 500");
        Assert.All(ticks, tick => AssertSignedBy(options.Key!, tick));
    }

    [Fact]
    public async Task ExecuteAsync_SignedTicksNotRequired_SendsThemUnsigned()
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));
        var connection = await Hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();

        await connection.SendAsync(new CheckWebsiteMessage([new WebsiteCheck(Guid.NewGuid(), Target.Url("/ok"), 30)], DateTime.UtcNow));
        var tick = await connection.ReceiveAsync<TickResultMessage>();

        Assert.Null(tick.Signature);
    }

    [Fact]
    public async Task ExecuteAsync_TicksProducedBeforeAHubWantingSignatures_AreSignedWhenSent()
    {
        var options = AgentHost.OptionsFor(Hub);
        await using var agent = await AgentHost.StartAsync(options);
        var first = await Hub.NextConnectionAsync();
        await first.AcceptRegistrationAsync();
        await first.SendAsync(new CheckWebsiteMessage([new WebsiteCheck(Guid.NewGuid(), Target.Url("/ok"), 30)], DateTime.UtcNow));
        var unsigned = await first.ReceiveAsync<TickResultMessage>();
        Assert.Null(unsigned.Signature);

        Hub.RequireSignedTicks = true;
        await first.CloseAsync();
        var second = await Hub.NextConnectionAsync();
        await second.AcceptRegistrationAsync();
        var resent = await second.ReceiveAsync<TickResultMessage>();

        Assert.Equal(unsigned with { Signature = resent.Signature }, resent);
        AssertSignedBy(options.Key!, resent);
    }

    [Fact]
    public async Task ExecuteAsync_TokenSet_SendsBearerHeaderOnTheUpgrade()
    {
        var options = AgentHost.OptionsFor(Hub);
        options.Token = "validator-token-1";
        await using var agent = await AgentHost.StartAsync(options);

        var connection = await Hub.NextConnectionAsync();

        Assert.Equal("Bearer validator-token-1", connection.Authorization);
        await connection.AcceptRegistrationAsync();
        Assert.DoesNotContain(agent.Logs.Entries, entry => entry.Message.Contains("validator-token-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_NoToken_SendsNoAuthorizationHeader()
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));

        var connection = await Hub.NextConnectionAsync();

        Assert.Equal("", connection.Authorization);
    }

    [Theory]
    [InlineData(ErrorCodes.InvalidSignature, "signature does not match publicKey")]
    [InlineData(ErrorCodes.Unauthorized, "missing or unknown bearer token")]
    [InlineData(ErrorCodes.Banned, "validator 0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf is banned by an operator: stolen key")]
    public async Task ExecuteAsync_RegistrationRefused_LogsItAndRetriesWithBackOff(string code, string message)
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var connection = await Hub.NextConnectionAsync();
            await connection.ReceiveAsync<RegisterMessage>();
            await connection.SendAsync(new ErrorMessage(code, message));
            Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, await connection.ClosedByAgent);
        }

        await agent.Logs.WaitForCountAsync("❌ Registration refused: ", 3);
        Assert.Equal(
            [$"❌ Registration refused: {code} - {message}. Retrying in 0.2s", $"❌ Registration refused: {code} - {message}. Retrying in 0.4s", $"❌ Registration refused: {code} - {message}. Retrying in 0.8s"],
            agent.Logs.Entries.Select(entry => entry.Message).Where(line => line.StartsWith("❌ Registration refused: ", StringComparison.Ordinal)));
        Assert.IsType<RegisterMessage>(await (await Hub.NextConnectionAsync()).ReceiveAsync());
    }

    [Theory]
    [InlineData(ErrorCodes.InternalError, "The hub could not process this message; try again")]
    [InlineData(ErrorCodes.Unavailable, "the database is unavailable; try again in 5 s")]
    [InlineData(ErrorCodes.PendingApproval, "validator 0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf is waiting for an operator's approval")]
    public async Task ExecuteAsync_RegisterNotYetPossible_RetriesAfterTheReconnectDelayWithoutBackingOff(string code, string message)
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var connection = await Hub.NextConnectionAsync();
            await connection.ReceiveAsync<RegisterMessage>();
            await connection.SendAsync(new ErrorMessage(code, message));
        }

        await agent.Logs.WaitForCountAsync("❌ Registration refused: ", 3);
        Assert.All(
            agent.Logs.Entries.Select(entry => entry.Message).Where(line => line.StartsWith("❌ Registration refused: ", StringComparison.Ordinal)),
            line => Assert.EndsWith("Retrying in 0.2s", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_RegisteredAfterRefusals_BacksOffFromTheReconnectDelayAgain()
    {
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(Hub));
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var refused = await Hub.NextConnectionAsync();
            await refused.ReceiveAsync<RegisterMessage>();
            await refused.SendAsync(new ErrorMessage(ErrorCodes.RateLimited, "too many registrations"));
        }

        var accepted = await Hub.NextConnectionAsync();
        await accepted.AcceptRegistrationAsync();
        await accepted.CloseAsync();
        var refusedAgain = await Hub.NextConnectionAsync();
        await refusedAgain.ReceiveAsync<RegisterMessage>();
        await refusedAgain.SendAsync(new ErrorMessage(ErrorCodes.RateLimited, "too many registrations"));

        var last = await agent.Logs.WaitForCountAsync("❌ Registration refused: ", 3);
        Assert.Equal("❌ Registration refused: rate_limited - too many registrations. Retrying in 0.2s", last.Message);
    }

    [Fact]
    public async Task ExecuteAsync_PrivateKey_NeverLogged()
    {
        var options = AgentHost.OptionsFor(Hub);
        await using var agent = await AgentHost.StartAsync(options);
        var connection = await Hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();
        await agent.Logs.WaitForAsync("✅ Registration successful");

        var secret = options.Key!.ToHex()[2..];
        Assert.DoesNotContain(agent.Logs.Entries, entry => entry.Message.Contains(secret, StringComparison.OrdinalIgnoreCase));
        Assert.Contains($"🔑 Public Key: {options.Key!.Address}", agent.Logs.Entries.Select(entry => entry.Message));
    }

    [Fact]
    public async Task ExecuteAsync_KeyFileCreatedAtThisStart_LogsPathAndAddress()
    {
        var options = AgentHost.OptionsFor(Hub);
        options.CreatedKeyFile = "/home/validator/.config/uptime-validator/key";
        await using var agent = await AgentHost.StartAsync(options);

        var line = await agent.Logs.WaitForAsync("🔑 Created a new validator key in ");

        Assert.Equal($"🔑 Created a new validator key in /home/validator/.config/uptime-validator/key: address {options.Key!.Address}", line.Message);
    }

    private static void AssertSignedBy(ValidatorKey key, TickResultMessage tick)
    {
        var text = SignedTexts.Tick(tick.WebsiteId, tick.Status.ToString(), tick.Latency, tick.Timestamp, tick.Error, tick.TickId);
        Assert.NotNull(tick.Signature);
        Assert.True(PersonalSign.TryRecover(text, tick.Signature, out var signer, out var error), error);
        Assert.Equal(key.Address, signer.Address);
    }
}
