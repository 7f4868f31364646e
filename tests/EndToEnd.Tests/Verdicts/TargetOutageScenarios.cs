using static Uptime.EndToEnd.Tests.Verdicts.ScenarioRegions;

namespace Uptime.EndToEnd.Tests.Verdicts;

public sealed partial class VerdictScenarioTests
{
    /// <summary>The issue's bound: Down and an incident within one interval plus 10 s of the outage's start.</summary>
    private static readonly TimeSpan _detectionBound = TimeSpan.FromSeconds(Interval + 10);

    private const int RecoverySeconds = 5;

    [Fact]
    public async Task TargetReallyDown_DownAndIncidentWithinIntervalPlus10s_EvidenceFromTwoRegions()
    {
        await using var fleet = await ValidatorFleet.OnePerRegionAsync(Hub);
        var endpoint = Target.NewEndpoint();
        var websiteId = await CreateUpWebsiteAsync(fleet, Website(endpoint));

        var (incident, outageStart) = await TakeDownAsync(websiteId, endpoint, TargetHealth.Unavailable);

        Assert.Equal("Down", incident.Verdict);
        var verdict = await Api.VerdictAsync(websiteId);
        Assert.True(verdict.Status == "Down" && All.All(region => verdict.StatusOf(region) == "Down"), $"after the outage: {verdict}");
        var down = (await Api.StatusChangesAsync(websiteId)).Single(c => c.To == "Down");
        Assert.True(down.At - outageStart <= _detectionBound, $"Down at {down.At:O}, {(down.At - outageStart).TotalSeconds:0.0} s after the outage started");
        var evidence = await Api.EvidenceAsync(incident.Id);
        var fromOurValidators = evidence.Where(v => fleet.All.Any(validator => validator.Id == v.ValidatorId && validator.Region == v.Region)).ToList();
        Assert.True(
            fromOurValidators.Select(v => v.Region).Distinct().Count() >= 2 && fromOurValidators.Count == evidence.Count,
            $"the incident's evidence is not from two regions of the scenario's validators: {string.Join(", ", evidence)}");
        Assert.Single(await Api.IncidentsAsync(websiteId));
    }

    [Fact]
    public async Task TargetBackUp_IncidentResolvedOnceTheRecoveryPeriodHeld()
    {
        await using var fleet = await ValidatorFleet.OnePerRegionAsync(Hub);
        var endpoint = Target.NewEndpoint();
        var websiteId = await CreateUpWebsiteAsync(fleet, Website(endpoint, ("recoverySeconds", RecoverySeconds)));
        var (incident, _) = await TakeDownAsync(websiteId, endpoint, TargetHealth.Closed);

        var backAt = DateTime.UtcNow;
        endpoint.Set(TargetHealth.Up);
        // Up at the next round (at most one and a half intervals away), then good for the recovery period; a grain that
        // looks again only at its next round may take one more interval.
        var resolveBound = TimeSpan.FromSeconds((2.5 * Interval) + RecoverySeconds + 5);
        var resolved = await Api.WaitForIncidentAsync(websiteId, i => i.Id == incident.Id && i.ResolvedAt is not null, resolveBound, "the incident was not resolved");

        var up = (await Api.StatusChangesAsync(websiteId)).Single(c => c.To == "Up" && c.At > backAt);
        Assert.True(
            resolved.ResolvedAt!.Value - up.At >= TimeSpan.FromSeconds(RecoverySeconds),
            $"resolved at {resolved.ResolvedAt:O}, {(resolved.ResolvedAt!.Value - up.At).TotalSeconds:0.0} s after the website was Up again at {up.At:O}");
        Assert.Equal("Up", (await Api.VerdictAsync(websiteId)).Status);
        Assert.Single(await Api.IncidentsAsync(websiteId));
    }

    /// <summary>Takes the endpoint down (503, or its connections reset) and waits for the website's open incident; returns it and when the outage started.</summary>
    private async Task<(Incident Incident, DateTime OutageStart)> TakeDownAsync(Guid websiteId, TargetEndpoint endpoint, TargetHealth outage)
    {
        var outageStart = DateTime.UtcNow;
        endpoint.Set(outage);
        var incident = await Api.WaitForIncidentAsync(
            websiteId, i => i.ResolvedAt is null, _detectionBound + TimeSpan.FromSeconds(5), "no incident opened after the target went down");
        Assert.True(
            incident.OpenedAt - outageStart <= _detectionBound,
            $"the incident opened at {incident.OpenedAt:O}, {(incident.OpenedAt - outageStart).TotalSeconds:0.0} s after the outage started at {outageStart:O}");
        return (incident, outageStart);
    }
}
