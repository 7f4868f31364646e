namespace Uptime.Grains.Verdicts;

/// <summary>
/// A website's verdict from its regions. Each region's status comes from the fresh votes of its validators (a tick of an
/// impaired validator, or one its own policy refused, is shown but is no vote): all Good → Up, all Bad → Down, a mix →
/// Degraded, none → Unknown; Good but mostly slower than <see cref="VerdictPolicy.DegradedLatencyMs"/> → Degraded. The
/// regions that count are those with votes and those expected to vote (<see cref="IValidatorRoster.VotingRegions"/>), so
/// the first Bad vote of a round is weighed against the votes still on their way. The website is Down when at least the
/// quorum of counted regions says Down (<see cref="VerdictPolicy.DownQuorum"/>, by default more than half of them);
/// Unknown when no region voted or fewer regions count than the quorum; Degraded when some region that voted is not Up;
/// else Up. Regions the website does not cover (<see cref="VerdictPolicy.Regions"/>) do not vote.
/// </summary>
public static class VerdictRule
{
    [ThreadStatic]
    private static RegionTally[]? _tallies;

    /// <summary>The verdict alone, without allocating: asked on every tick.</summary>
    public static WebsiteHealth Evaluate(
        IEnumerable<ValidatorLastTick> latest, VerdictPolicy policy, IValidatorRoster roster, DateTime now, TimeSpan freshness, MonitorSpec? monitor = null)
    {
        var tallies = _tallies ??= new RegionTally[8];
        var count = Tally(latest, policy, roster, now, freshness, monitor ?? MonitorSpec.PlainHttp, ref tallies);
        _tallies = tallies;
        return Decide(tallies.AsSpan(0, count), policy);
    }

    /// <summary>The verdict with each region's status, the reason and the votes behind it.</summary>
    public static Verdict Explain(
        IEnumerable<ValidatorLastTick> latest, VerdictPolicy policy, IValidatorRoster roster, DateTime now, TimeSpan freshness, MonitorSpec? monitor = null)
    {
        monitor ??= MonitorSpec.PlainHttp;
        var tallies = new RegionTally[8];
        var count = Tally(latest, policy, roster, now, freshness, monitor, ref tallies);
        var regions = tallies.AsSpan(0, count);
        var status = Decide(regions, policy);
        var statuses = new List<RegionStatus>(count);
        foreach (ref readonly var region in regions)
        {
            statuses.Add(region.Validators == 0
                ? new RegionStatus(region.Region, WebsiteHealth.Unknown, OnlineIn(roster, region.Region), 0, "no fresh tick yet")
                : new RegionStatus(region.Region, region.Status, region.Validators, region.Votes, RegionReason(region, policy)));
        }

        AddSilentRegions(statuses, policy, roster, monitor);
        statuses.Sort((a, b) => string.CompareOrdinal(a.Region, b.Region));
        var votes = latest
            .Where(t => IsVote(t, policy, roster) && now - t.ReceivedAt <= freshness)
            .Select(t => new IncidentVote(t.ValidatorId, t.Region ?? "", t.Timestamp, t.Good, t.Error, t.LatencyMs, t.Signature, t.Confirmation))
            .ToList();
        return new Verdict(status, Reason(status, regions, policy), statuses, votes);
    }

    private static int Tally(
        IEnumerable<ValidatorLastTick> latest, VerdictPolicy policy, IValidatorRoster roster, DateTime now, TimeSpan freshness,
        MonitorSpec monitor, ref RegionTally[] tallies)
    {
        var count = 0;
        foreach (var tick in latest)
        {
            var region = tick.Region ?? "";
            if (now - tick.ReceivedAt > freshness || !policy.Covers(region))
            {
                continue;
            }

            ref var tally = ref TallyOf(ref tallies, ref count, region);
            tally.Validators++;
            if (!IsVote(tick, policy, roster))
            {
                continue;
            }

            tally.Votes++;
            if (tick.Good)
            {
                tally.Good++;
                if (tick.LatencyMs > policy.DegradedLatencyMs)
                {
                    tally.Slow++;
                }
            }
            else
            {
                tally.FirstError ??= tick.Error ?? "Bad";
            }
        }

        foreach (var region in roster.VotingRegionsFor(monitor.Capability))
        {
            if (!policy.Covers(region))
            {
                continue;
            }

            TallyOf(ref tallies, ref count, region).Expected = true;
        }

        return count;
    }

    private static bool IsVote(ValidatorLastTick tick, VerdictPolicy policy, IValidatorRoster roster) =>
        !tick.Refused && policy.Covers(tick.Region ?? "") && !roster.IsImpaired(tick.ValidatorId);

    /// <summary>The region's tally among the first <paramref name="count"/>, added (the array grown if full) when missing.</summary>
    private static ref RegionTally TallyOf(ref RegionTally[] tallies, ref int count, string region)
    {
        for (var i = 0; i < count; i++)
        {
            if (string.Equals(tallies[i].Region, region, StringComparison.OrdinalIgnoreCase))
            {
                return ref tallies[i];
            }
        }

        if (count == tallies.Length)
        {
            Array.Resize(ref tallies, count * 2);
        }

        tallies[count] = new RegionTally { Region = region };
        return ref tallies[count++];
    }

    private static WebsiteHealth Decide(ReadOnlySpan<RegionTally> regions, VerdictPolicy policy)
    {
        int voted = 0, counted = 0, down = 0, notUp = 0;
        foreach (ref readonly var region in regions)
        {
            counted += region.Counted ? 1 : 0;
            if (!region.Usable)
            {
                continue;
            }

            voted++;
            var status = region.Status;
            down += status == WebsiteHealth.Down ? 1 : 0;
            notUp += status == WebsiteHealth.Up ? 0 : 1;
        }

        var quorum = Quorum(policy, counted);
        return voted == 0 || counted < quorum ? WebsiteHealth.Unknown
            : down >= quorum ? WebsiteHealth.Down
            : notUp > 0 ? WebsiteHealth.Degraded
            : WebsiteHealth.Up;
    }

    private static int Quorum(VerdictPolicy policy, int counted) => policy.DownQuorum ?? (counted / 2) + 1;

    private static string? RegionReason(in RegionTally region, VerdictPolicy policy) => region.Status switch
    {
        WebsiteHealth.Unknown => $"no vote: {region.Validators} validator(s) impaired or refused by their own policy",
        WebsiteHealth.Down => $"{region.Votes} of {region.Votes} Bad: {region.FirstError}",
        WebsiteHealth.Degraded when region.Good < region.Votes => $"{region.Votes - region.Good} of {region.Votes} Bad: {region.FirstError}",
        WebsiteHealth.Degraded => $"{region.Slow} of {region.Good} slower than {policy.DegradedLatencyMs} ms",
        _ => null,
    };

    private static string? Reason(WebsiteHealth status, ReadOnlySpan<RegionTally> regions, VerdictPolicy policy)
    {
        var counted = 0;
        var voted = 0;
        var failing = new List<string>();
        foreach (ref readonly var region in regions)
        {
            counted += region.Counted ? 1 : 0;
            if (region.Usable)
            {
                voted++;
                if (region.Status != WebsiteHealth.Up)
                {
                    failing.Add($"{region.Region} {RegionReason(region, policy)}");
                }
            }
        }

        var quorum = Quorum(policy, counted);
        return status switch
        {
            WebsiteHealth.Unknown when voted == 0 => "no region has a usable vote",
            WebsiteHealth.Unknown => $"{counted} region(s) with usable validators, fewer than the {quorum} needed to decide",
            WebsiteHealth.Down => $"Down in {failing.Count} of {counted} regions: {string.Join("; ", failing)}",
            WebsiteHealth.Degraded => $"{failing.Count} of {counted} regions not Up ({quorum} Down needed for Down): {string.Join("; ", failing)}",
            _ => null,
        };
    }

    private static int OnlineIn(IValidatorRoster roster, string region) =>
        roster.Online.Count(v => string.Equals(v.Region, region, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Covered regions with online validators but no fresh tick and no vote expected: none of them can run the monitor (it
    /// needs a capability they did not announce), or all are impaired. Shown as Unknown, no vote.
    /// </summary>
    private static void AddSilentRegions(List<RegionStatus> statuses, VerdictPolicy policy, IValidatorRoster roster, MonitorSpec monitor)
    {
        foreach (var group in roster.Online.Where(v => policy.Covers(v.Region)).GroupBy(v => v.Region, StringComparer.OrdinalIgnoreCase))
        {
            if (!statuses.Exists(s => string.Equals(s.Region, group.Key, StringComparison.OrdinalIgnoreCase)))
            {
                var reason = group.Any(v => v.CanRun(monitor))
                    ? "its validators are impaired"
                    : $"no validator here can run this check (none announced the \"{monitor.Capability}\" capability)";
                statuses.Add(new RegionStatus(group.Key, WebsiteHealth.Unknown, group.Count(), 0, reason));
            }
        }
    }
}

/// <summary>A website's verdict explained: the reason (null when Up), each region's status and the votes.</summary>
public sealed record Verdict(WebsiteHealth Status, string? Reason, IReadOnlyList<RegionStatus> Regions, IReadOnlyList<IncidentVote> Votes);
