using Microsoft.Extensions.Logging;
using Uptime.Agent.Tests.Infrastructure;

namespace Uptime.Agent.Tests.Hub;

/// <summary>The hub closes a connection when another one registers the same validator: the agent says why, as a Warning.</summary>
public sealed class ReplacedConnectionTests : FakeHubTest
{
    [Fact]
    public async Task ExecuteAsync_ClosedAsReplacedByANewerConnection_WarnsThatAnotherAgentUsesTheKey()
    {
        var options = AgentHost.OptionsFor(Hub);
        await using var agent = await AgentHost.StartAsync(options);
        var connection = await Hub.NextConnectionAsync();
        await connection.AcceptRegistrationAsync();

        await connection.CloseAsync(description: "replaced by a newer connection of the same validator");

        var warning = await agent.Logs.WaitForAsync("⚠️ The hub closed this connection because another connection registered as ");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(
            $"⚠️ The hub closed this connection because another connection registered as {options.PublicKey}: another agent is running as "
            + "the same validator. Give each agent its own key (VALIDATOR_PRIVATE_KEY, VALIDATOR_KEY_FILE, or the keygen command) or stop the "
            + "other one. Reconnecting in 0.2s",
            warning.Message);
        await Hub.NextConnectionAsync();
    }
}
