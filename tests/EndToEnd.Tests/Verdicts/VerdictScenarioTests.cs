using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests.Verdicts;

/// <summary>
/// Issue 15's scenario suite: simulated validators in three regions speaking the real protocol to a real hub, checking a real
/// local target whose health the scenarios flip, each asserting the verdicts, incidents and timings operators rely on. One
/// scenario per file; they share this hub (each has its own website, endpoint and validators).
/// </summary>
[Collection(HubCollection.Name)]
public sealed partial class VerdictScenarioTests(VerdictHubFixture fixture) : IClassFixture<VerdictHubFixture>
{
    /// <summary>The smallest interval the API allows, so a scenario's rounds come as fast as they can.</summary>
    private const int Interval = 10;

    /// <summary>
    /// The longest wait for the next round's answers from any moment: a check off the slots (a new website's first, a
    /// confirmation) makes the grain skip the slot less than half an interval after it, so the next check may be one and a
    /// half intervals away; real checks of the local target take milliseconds.
    /// </summary>
    private static readonly TimeSpan _roundTime = TimeSpan.FromSeconds((1.5 * Interval) + 5);

    private HubProcess Hub => fixture.Hub;

    private SwitchableTarget Target => fixture.Target;

    private VerdictApi Api => new(Hub);

    /// <summary>A website body for <paramref name="endpoint"/> at <see cref="Interval"/>, plus verdict fields.</summary>
    private static Dictionary<string, object?> Website(TargetEndpoint endpoint, params (string Field, object? Value)[] fields)
    {
        var body = new Dictionary<string, object?> { ["url"] = endpoint.Url, ["interval"] = Interval };
        foreach (var (field, value) in fields)
        {
            body[field] = value;
        }

        return body;
    }

    /// <summary>Creates the website (after the fleet registered, so every validator gets its first check) and waits until it is Up after a full round.</summary>
    private async Task<Guid> CreateUpWebsiteAsync(ValidatorFleet fleet, Dictionary<string, object?> body)
    {
        var createdAt = DateTime.UtcNow;
        var websiteId = await Api.CreateWebsiteAsync(body);
        await fleet.WaitForRoundAsync(websiteId, createdAt, _roundTime);
        await Api.WaitForStatusAsync(websiteId, "Up", TimeSpan.FromSeconds(5));
        return websiteId;
    }

    private async Task AssertNeverDownAsync(Guid websiteId)
    {
        var changes = await Api.StatusChangesAsync(websiteId);
        Assert.True(changes.All(c => c.To != "Down"), $"website {websiteId} went Down: {string.Join(", ", changes)}");
    }

    private async Task AssertNoIncidentAsync(Guid websiteId)
    {
        var incidents = await Api.IncidentsAsync(websiteId);
        Assert.True(incidents.Count == 0, $"website {websiteId} has incidents: {string.Join(", ", incidents)}");
    }

    private static void AssertNoErrors(IEnumerable<SimulatedValidator> validators)
    {
        foreach (var validator in validators)
        {
            Assert.True(validator.Errors.Count == 0, $"validator {validator.Id} ({validator.Region}) got ERRORs: {string.Join(", ", validator.Errors)}");
        }
    }
}
