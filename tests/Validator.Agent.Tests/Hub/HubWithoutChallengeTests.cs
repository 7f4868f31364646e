using System.Diagnostics;
using System.Net.WebSockets;
using Uptime.Agent.Hub;
using Uptime.Agent.Tests.Infrastructure;
using Uptime.Protocol;
using Uptime.Security;

namespace Uptime.Agent.Tests.Hub;

/// <summary>A hub that speaks only the spec (no CHALLENGE): the agent waits for a CHALLENGE once, not after every drop.</summary>
public sealed class HubWithoutChallengeTests
{
    [Fact]
    public async Task ExecuteAsync_HubSentNoChallengeLastTime_RegistersAtOnceAfterADrop()
    {
        await using var hub = await FakeHub.StartAsync(sendChallenge: false);
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(hub));
        var first = await hub.NextConnectionAsync();
        await first.AcceptRegistrationAsync();
        await first.CloseAsync();

        var second = await hub.NextConnectionAsync();
        var connected = Stopwatch.StartNew();
        var register = await second.ReceiveAsync<RegisterMessage>();

        Assert.Null(register.Signature);
        Assert.True(
            connected.Elapsed < HubConnectionService.ChallengeTimeout / 2,
            $"REGISTER came {connected.Elapsed.TotalSeconds:0.0} s after connecting to a hub known to send no CHALLENGE");
    }

    [Fact]
    public async Task ExecuteAsync_HubStartsSendingChallenges_SignsAgainOnceRefused()
    {
        await using var hub = await FakeHub.StartAsync(sendChallenge: false);
        var options = AgentHost.OptionsFor(hub);
        await using var agent = await AgentHost.StartAsync(options);
        var first = await hub.NextConnectionAsync();
        await first.AcceptRegistrationAsync();
        hub.SendChallenge = true;
        await first.CloseAsync();
        var second = await hub.NextConnectionAsync();
        Assert.Null((await second.ReceiveAsync<RegisterMessage>()).Signature);
        await second.SendAsync(new ErrorMessage(ErrorCodes.InvalidSignature, "This hub requires signed registrations"));
        await second.CloseAsync(WebSocketCloseStatus.PolicyViolation, "registration refused");

        var third = await hub.NextConnectionAsync();
        var register = await third.ReceiveAsync<RegisterMessage>();

        Assert.NotNull(register.Signature);
        Assert.True(options.Key!.PublicKey.Verify(SignedTexts.Registration(options.PublicKey, "Test Lab", third.Nonce!), register.Signature));
    }
}
