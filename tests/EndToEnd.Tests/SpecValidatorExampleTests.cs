using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Grains;

namespace Uptime.EndToEnd.Tests;

/// <summary>
/// The spec's "Multiple Validators" example as written: agents given only VALIDATOR_PUBLIC_KEY and VALIDATOR_LOCATION,
/// on one machine (one HOME), against a hub with <c>VALIDATOR_AUTH=none</c>.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class SpecValidatorExampleTests(HubWithTargetFixture fixture) : IClassFixture<HubWithTargetFixture>, IDisposable
{
    private static readonly TimeSpan _registrationTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan _tickDeadline = TimeSpan.FromSeconds(45);

    private readonly string _home = Directory.CreateTempSubdirectory("uptime-e2e-home-").FullName;

    private HubProcess Hub => fixture.Hub;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public async Task SpecExample_TwoAgentsWithOnlyAddressAndLocation_RegisterAsThoseAddressesAndCheck()
    {
        await using var west = AgentProcess.StartWithPublicKeyOnly(Hub, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "US-West California", _home);
        await using var europe = AgentProcess.StartWithPublicKeyOnly(Hub, "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "EU-West Ireland", _home);

        var westRow = await Hub.WaitForOnlineAsync(west.PublicKey, _registrationTimeout, () => west.Diagnostics);
        var europeRow = await Hub.WaitForOnlineAsync(europe.PublicKey, _registrationTimeout, () => europe.Diagnostics);

        Assert.Equal((west.PublicKey, "US-West California"), (westRow!.PublicKey, westRow.Location));
        Assert.Equal((europe.PublicKey, "EU-West Ireland"), (europeRow!.PublicKey, europeRow.Location));
        Assert.Equal(ValidatorIds.FromPublicKey(west.PublicKey), westRow.Id);
        Assert.Equal(ValidatorIds.FromPublicKey(europe.PublicKey), europeRow.Id);
        var website = (await Hub.CreateWebsiteAsync(fixture.Target.Url("/ok"), interval: 10)).GetProperty("id").GetGuid();
        var ticks = await Eventually.UntilAsync(
            () => Hub.Database.TicksAsync(website),
            found => found.Any(tick => tick.ValidatorId == westRow.Id) && found.Any(tick => tick.ValidatorId == europeRow.Id),
            _tickDeadline,
            found => $"not both validators' ticks for {website} ({found?.Count ?? 0} ticks){west.Diagnostics}{europe.Diagnostics}{Hub.Diagnostics}");
        Assert.All(ticks, tick => Assert.Equal("Good", tick.Status));
        Assert.False(west.Process.HasExited || europe.Process.HasExited, $"an agent exited{west.Diagnostics}{europe.Diagnostics}");
        Assert.Empty(Directory.EnumerateFileSystemEntries(_home, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task TwoAgentsWithOneAddress_ReplaceEachOther_HubAndBothAgentsWarnNamingTheCause()
    {
        var address = AgentProcess.NewPublicKey();
        await using var first = AgentProcess.StartWithPublicKeyOnly(Hub, address, "US-East Virginia", _home);
        await Hub.WaitForOnlineAsync(address, _registrationTimeout, () => first.Diagnostics);

        await using var second = AgentProcess.StartWithPublicKeyOnly(Hub, address, "US-East Virginia", _home);

        // The first is replaced by the second, reconnects after the spec's 5 s and replaces the second in turn.
        foreach (var agent in new[] { first, second })
        {
            await Eventually.UntilAsync(
                () => Task.FromResult(agent.Process.Output),
                output => output.Contains(
                    $"warn: Uptime.Agent.Hub.HubConnectionService[214] ⚠️ The hub closed this connection because another connection registered as {address}",
                    StringComparison.Ordinal),
                _registrationTimeout,
                _ => $"{agent.Process.Name} did not warn that it was replaced{agent.Diagnostics}");
        }

        Assert.Contains(
            $"warn: Uptime.Grains.ValidatorGrain[1002] Validator {ValidatorIds.FromPublicKey(address)} ({address}): a new connection from 127.0.0.1 "
            + "at US-East Virginia registered while its connection ",
            Hub.Process.Output,
            StringComparison.Ordinal);
    }
}
