using Uptime.Grains.Tests.Infrastructure;
using Uptime.Grains.Verdicts;

namespace Uptime.Grains.Tests;

public class VerdictRuleTests
{
    private static readonly DateTime _now = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan _freshness = TimeSpan.FromSeconds(75);

    private readonly FakeValidatorRoster _roster = new();

    [Theory]
    [InlineData("", WebsiteHealth.Unknown)]
    [InlineData("eu:G", WebsiteHealth.Up)]
    [InlineData("eu:B", WebsiteHealth.Down)]
    [InlineData("eu:G eu:B", WebsiteHealth.Degraded)]
    [InlineData("eu:G us:G ap:G", WebsiteHealth.Up)]
    [InlineData("eu:B us:G ap:G", WebsiteHealth.Degraded)]
    [InlineData("eu:B us:B ap:G", WebsiteHealth.Down)]
    [InlineData("eu:B us:B ap:B", WebsiteHealth.Down)]
    [InlineData("eu:B us:G", WebsiteHealth.Degraded)]
    [InlineData("eu:B us:B", WebsiteHealth.Down)]
    [InlineData("eu:B eu:G us:B ap:G", WebsiteHealth.Degraded)]
    [InlineData("eu:B eu:B us:B ap:G", WebsiteHealth.Down)]
    public void Evaluate_DefaultQuorum_MoreThanHalfOfTheRegionsWithVotes(string ticks, WebsiteHealth expected)
    {
        Assert.Equal(expected, Evaluate(Parse(ticks), VerdictPolicy.Default));
    }

    [Theory]
    [InlineData("eu:B us:B ap:G", 3, WebsiteHealth.Degraded)]
    [InlineData("eu:B us:B ap:B", 3, WebsiteHealth.Down)]
    [InlineData("eu:B us:B", 3, WebsiteHealth.Unknown)]
    [InlineData("eu:B us:G ap:G", 1, WebsiteHealth.Down)]
    public void Evaluate_ConfiguredQuorum_KOfN(string ticks, int quorum, WebsiteHealth expected)
    {
        Assert.Equal(expected, Evaluate(Parse(ticks), new VerdictPolicy(DownQuorum: quorum)));
    }

    [Fact]
    public void Evaluate_RegionsExpectedToVote_CountTowardsTheQuorum()
    {
        _roster.Set(new RosterValidator(Guid.NewGuid(), "us", Impaired: false), new RosterValidator(Guid.NewGuid(), "ap", Impaired: false));

        Assert.Equal(WebsiteHealth.Degraded, Evaluate(Parse("eu:B"), VerdictPolicy.Default));
        Assert.Equal(WebsiteHealth.Down, Evaluate(Parse("eu:B us:B"), VerdictPolicy.Default));
        Assert.Equal(WebsiteHealth.Up, Evaluate(Parse("eu:G"), VerdictPolicy.Default));
    }

    [Fact]
    public void Evaluate_StaleTicks_NoVote()
    {
        var ticks = Parse("eu:B us:B ap:G");
        ticks[0] = ticks[0] with { ReceivedAt = _now - _freshness - TimeSpan.FromSeconds(1) };

        Assert.Equal(WebsiteHealth.Degraded, Evaluate(ticks, VerdictPolicy.Default));
    }

    [Fact]
    public void Evaluate_RefusedTicks_NoVote()
    {
        var ticks = Parse("eu:B us:G");
        ticks[0] = ticks[0] with { Refused = true };

        Assert.Equal(WebsiteHealth.Up, Evaluate(ticks, VerdictPolicy.Default));
    }

    [Fact]
    public void Evaluate_ImpairedValidator_NoVote()
    {
        var ticks = Parse("eu:B us:B ap:G");
        _roster.Set(new RosterValidator(ticks[0].ValidatorId, "eu", Impaired: true), new RosterValidator(ticks[1].ValidatorId, "us", Impaired: true));

        Assert.Equal(WebsiteHealth.Up, Evaluate(ticks, VerdictPolicy.Default));
    }

    [Fact]
    public void Evaluate_RegionsNotCovered_NoVote()
    {
        Assert.Equal(WebsiteHealth.Up, Evaluate(Parse("eu:B us:B ap:G"), new VerdictPolicy(Regions: ["AP"])));
    }

    [Theory]
    [InlineData(400, WebsiteHealth.Degraded)]
    [InlineData(200, WebsiteHealth.Up)]
    public void Evaluate_LatencyAboveTheThreshold_Degraded(double latencyMs, WebsiteHealth expected)
    {
        var ticks = Parse("eu:G us:G").Select(t => t with { LatencyMs = latencyMs }).ToList();

        Assert.Equal(expected, Evaluate(ticks, new VerdictPolicy(DegradedLatencyMs: 300)));
    }

    [Fact]
    public void Explain_GivesEachRegionAndTheReason()
    {
        var ticks = Parse("eu:B us:B ap:G");
        _roster.Set(new RosterValidator(Guid.NewGuid(), "sa", Impaired: true));

        var verdict = VerdictRule.Explain(ticks, VerdictPolicy.Default, _roster, _now, _freshness);

        Assert.Equal(WebsiteHealth.Down, verdict.Status);
        Assert.Equal("Down in 2 of 3 regions: eu 1 of 1 Bad: HTTP 503; us 1 of 1 Bad: HTTP 503", verdict.Reason);
        Assert.Equal(
            ["ap Up", "eu Down", "sa Unknown", "us Down"],
            verdict.Regions.Select(r => $"{r.Region} {r.Status}"));
        Assert.Equal(3, verdict.Votes.Count);
        Assert.Equal(2, verdict.Votes.Count(v => !v.Good));
    }

    [Fact]
    public void Evaluate_MonitorNeedingACapability_OnlyRegionsWithCapableValidatorsExpectedToVote()
    {
        var tcp = new MonitorSpec("tcp", null, "tcp");
        _roster.Set(
            new RosterValidator(Guid.NewGuid(), "us", Impaired: false, CapabilitySets.Intern(["http", "tcp"])),
            new RosterValidator(Guid.NewGuid(), "ap", Impaired: false));

        Assert.Equal(WebsiteHealth.Down, VerdictRule.Evaluate(Parse("us:B"), VerdictPolicy.Default, _roster, _now, _freshness, tcp));
        Assert.Equal(WebsiteHealth.Degraded, VerdictRule.Evaluate(Parse("us:B"), VerdictPolicy.Default, _roster, _now, _freshness));
    }

    [Fact]
    public void Explain_RegionWithoutACapableValidator_SaysSo()
    {
        var dns = new MonitorSpec("dns", null, "dns");
        _roster.Set(
            new RosterValidator(Guid.NewGuid(), "us", Impaired: false, CapabilitySets.Intern(["dns"])),
            new RosterValidator(Guid.NewGuid(), "ap", Impaired: false));

        var verdict = VerdictRule.Explain(Parse("us:G"), VerdictPolicy.Default, _roster, _now, _freshness, dns);

        Assert.Equal(WebsiteHealth.Up, verdict.Status);
        var ap = Assert.Single(verdict.Regions, r => r.Region == "ap");
        Assert.Equal(WebsiteHealth.Unknown, ap.Status);
        Assert.Equal("no validator here can run this check (none announced the \"dns\" capability)", ap.Reason);
    }

    private WebsiteHealth Evaluate(IEnumerable<ValidatorLastTick> ticks, VerdictPolicy policy) =>
        VerdictRule.Evaluate(ticks, policy, _roster, _now, _freshness);

    /// <summary>"eu:G us:B": one fresh tick per validator, Good or Bad, in the given region.</summary>
    private static List<ValidatorLastTick> Parse(string ticks) =>
        [.. ticks.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t =>
        {
            var good = t.EndsWith(":G", StringComparison.Ordinal);
            return new ValidatorLastTick(Guid.NewGuid(), good, 100, _now, good ? null : "HTTP 503", _now, _now, Region: t[..t.IndexOf(':')]);
        })];
}
