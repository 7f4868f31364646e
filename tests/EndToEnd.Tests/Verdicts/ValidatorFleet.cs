using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests.Verdicts;

/// <summary>The simulated validators of one scenario, connected one after the other before its website exists, disposed together.</summary>
internal sealed class ValidatorFleet : IAsyncDisposable
{
    private readonly List<SimulatedValidator> _validators = [];
    private readonly HubProcess _hub;

    private ValidatorFleet(HubProcess hub) => _hub = hub;

    public IReadOnlyList<SimulatedValidator> All => _validators;

    public static async Task<ValidatorFleet> ConnectAsync(HubProcess hub, params (string Region, CheckBehaviour Behaviour)[] validators)
    {
        var fleet = new ValidatorFleet(hub);
        try
        {
            foreach (var (region, behaviour) in validators)
            {
                fleet._validators.Add(await SimulatedValidator.ConnectAsync(hub, region, behaviour));
            }

            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>One validator per region, each really checking its targets.</summary>
    public static Task<ValidatorFleet> OnePerRegionAsync(HubProcess hub) =>
        ConnectAsync(hub, [.. ScenarioRegions.All.Select(region => (region, CheckBehaviours.RealCheck))]);

    public IEnumerable<SimulatedValidator> In(string region) => _validators.Where(v => v.Region == region);

    /// <summary>
    /// Waits until each of <paramref name="validators"/> (all by default) has answered a check of <paramref name="websiteId"/>
    /// received after <paramref name="after"/> and the hub acknowledged it: a full round seen after that moment.
    /// </summary>
    public async Task<IReadOnlyList<SentTick>> WaitForRoundAsync(Guid websiteId, DateTime after, TimeSpan timeout, IEnumerable<SimulatedValidator>? validators = null)
    {
        var answering = (validators ?? _validators).ToList();
        var round = await Eventually.UntilAsync(
            () => Task.FromResult(answering.Select(v => v.Sent.FirstOrDefault(t => t.Check.WebsiteId == websiteId && t.Check.ReceivedAt > after && v.WasAcknowledged(t.Tick.TickId!.Value))).ToList()),
            ticks => ticks.All(t => t is not null),
            timeout,
            ticks => $"not every validator answered a check of {websiteId} received after {after:HH:mm:ss.fff}: "
                + string.Join(", ", answering.Zip(ticks ?? []).Select(p => $"{p.First.Region}/{p.First.Id}: {(p.Second is null ? "none" : p.Second.Tick.Status)}"))
                + _hub.Diagnostics);
        return round!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var validator in _validators)
        {
            await validator.DisposeAsync();
        }
    }
}
