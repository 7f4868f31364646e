namespace Uptime.Grains.Tests;

public sealed class ValidatorAssignmentTests
{
    private static readonly RosterValidator[] _euWest = Validators("eu-west", 4);
    private static readonly RosterValidator[] _usEast = Validators("us-east", 3);
    private static readonly RosterValidator[] _apSouth = Validators("ap-south", 2);
    private static readonly RosterValidator[] _online = [.. _euWest, .. _usEast, .. _apSouth];

    [Fact]
    public void TargetsOf_NoRegionsNoValidatorsPerRegion_NullForEveryOnlineValidator()
    {
        Assert.Null(ValidatorAssignment.TargetsOf(Website(), _online));
        Assert.Null(ValidatorAssignment.TargetsOf(Website(new VerdictPolicy(DownQuorum: 2, FailingRounds: 3)), _online));
    }

    [Fact]
    public void TargetsOf_Regions_EveryValidatorOfThoseRegions()
    {
        var targets = ValidatorAssignment.TargetsOf(Website(new VerdictPolicy(Regions: ["eu-west", "ap-south"])), _online);

        Assert.Equal(Ids([.. _euWest, .. _apSouth]), targets!.Order());
    }

    [Fact]
    public void TargetsOf_RegionNamesInAnotherCase_SameRegions()
    {
        RosterValidator[] online = [new(Guid.NewGuid(), "EU-West", false), new(Guid.NewGuid(), "eu-west", false), new(Guid.NewGuid(), "us-east", false)];

        var all = ValidatorAssignment.TargetsOf(Website(new VerdictPolicy(Regions: ["Eu-WEST"])), online);
        var onePerRegion = ValidatorAssignment.TargetsOf(Website(new VerdictPolicy(ValidatorsPerRegion: 1)), online);

        Assert.Equal(Ids(online[..2]), all!.Order());
        Assert.Equal(2, onePerRegion!.Length);
        Assert.Single(onePerRegion, id => id == online[2].Id);
    }

    [Fact]
    public void TargetsOf_ValidatorsPerRegion_ThatManyOfEachRegionAllOfASmallerOne()
    {
        var targets = ValidatorAssignment.TargetsOf(Website(new VerdictPolicy(ValidatorsPerRegion: 2)), _online)!;

        Assert.Equal(6, targets.Length);
        Assert.Equal(2, targets.Count(_euWest.Select(v => v.Id).Contains));
        Assert.Equal(2, targets.Count(_usEast.Select(v => v.Id).Contains));
        Assert.Equal(Ids(_apSouth), targets.Where(_apSouth.Select(v => v.Id).Contains).Order());
    }

    [Fact]
    public void TargetsOf_RegionsAndValidatorsPerRegion_OnlyCoveredRegions()
    {
        var targets = ValidatorAssignment.TargetsOf(Website(new VerdictPolicy(Regions: ["us-east"], ValidatorsPerRegion: 1)), _online)!;

        Assert.Contains(Assert.Single(targets), Ids(_usEast));
    }

    [Fact]
    public void TargetsOf_NoOnlineValidatorInTheRegions_Empty()
    {
        Assert.Empty(ValidatorAssignment.TargetsOf(Website(new VerdictPolicy(Regions: ["sa-east"])), _online)!);
        Assert.Empty(ValidatorAssignment.TargetsOf(Website(new VerdictPolicy(ValidatorsPerRegion: 2)), [])!);
    }

    [Fact]
    public void TargetsOf_ManyWebsitesOneValidatorEach_SpreadEvenlyOverTheRegion()
    {
        var counts = _euWest.ToDictionary(v => v.Id, _ => 0);
        const int websites = 8000;
        for (var i = 0; i < websites; i++)
        {
            var targets = ValidatorAssignment.TargetsOf(Website(new VerdictPolicy(Regions: ["eu-west"], ValidatorsPerRegion: 1)), _online)!;
            counts[Assert.Single(targets)]++;
        }

        Assert.All(counts.Values, count => Assert.InRange(count, websites / 4 * 0.9, websites / 4 * 1.1));
    }

    [Fact]
    public void TargetsOf_AnotherValidatorLeaves_WebsitesNotOnItKeepTheirValidators()
    {
        var policy = new VerdictPolicy(ValidatorsPerRegion: 2);
        var leaving = _euWest[0].Id;
        var websites = Enumerable.Range(0, 2000).Select(_ => Website(policy)).ToList();
        var before = websites.ToDictionary(w => w.Id, w => ValidatorAssignment.TargetsOf(w, _online)!);

        var remaining = _online.Where(v => v.Id != leaving).ToList();

        var kept = 0;
        foreach (var website in websites)
        {
            var after = ValidatorAssignment.TargetsOf(website, remaining)!;
            if (!before[website.Id].Contains(leaving))
            {
                Assert.Equal(before[website.Id].Order(), after.Order());
                kept++;
            }
            else
            {
                Assert.Equal(before[website.Id].Where(id => id != leaving).Order(), after.Intersect(before[website.Id]).Order());
                Assert.Equal(6, after.Length);
            }
        }

        Assert.InRange(kept, 2000 / 2 * 0.85, 2000 / 2 * 1.15);
    }

    [Fact]
    public void TargetsOf_ImpairedValidators_SkippedWhileHealthyOnesRemain()
    {
        RosterValidator[] online = [.. _euWest.Take(2).Select(v => v with { Impaired = true }), .. _euWest.Skip(2)];
        var policy = new VerdictPolicy(ValidatorsPerRegion: 2);

        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(Ids(online.Skip(2)), ValidatorAssignment.TargetsOf(Website(policy), online)!.Order());
        }
    }

    [Fact]
    public void TargetsOf_TooFewHealthyValidators_ImpairedOnesFillTheRest()
    {
        RosterValidator[] online = [.. _usEast.Take(2).Select(v => v with { Impaired = true }), _usEast[2]];

        var targets = ValidatorAssignment.TargetsOf(Website(new VerdictPolicy(ValidatorsPerRegion: 2)), online)!;

        Assert.Equal(2, targets.Length);
        Assert.Contains(_usEast[2].Id, targets);
    }

    [Fact]
    public void TargetsOf_SameWebsiteAndRosterInAnotherOrder_SameTargets()
    {
        var website = Website(new VerdictPolicy(ValidatorsPerRegion: 1));

        Assert.Equal(
            ValidatorAssignment.TargetsOf(website, _online)!.Order(),
            ValidatorAssignment.TargetsOf(website, [.. _online.Reverse()])!.Order());
    }

    [Fact]
    public void TargetsOf_MonitorNeedingACapability_OnlyValidatorsThatAnnouncedIt()
    {
        var capable = new RosterValidator(Guid.NewGuid(), "eu-west", false, CapabilitySets.Intern(["tcp", "http"]));
        RosterValidator[] online = [.. _euWest, capable];
        var website = Website(new VerdictPolicy(ValidatorsPerRegion: 2)) with { Monitor = new MonitorSpec("tcp", "{}", "tcp") };

        Assert.Equal([capable.Id], ValidatorAssignment.TargetsOf(website, online)!);
    }

    [Fact]
    public void IsFor_CheckNeedingACapability_OnlyValidatorsThatAnnouncedIt()
    {
        var check = new CheckItem(Guid.NewGuid(), "dns://example.com", 60, DateTime.UtcNow, Monitor: new MonitorSpec("dns", null, "dns"));
        var plain = new CheckItem(Guid.NewGuid(), "https://example.com", 60, DateTime.UtcNow);

        Assert.True(check.IsFor(Guid.NewGuid(), CapabilitySets.Intern(["dns"])));
        Assert.False(check.IsFor(Guid.NewGuid(), CapabilitySets.Intern(["http", "tcp"])));
        Assert.False(check.IsFor(Guid.NewGuid(), null));
        Assert.True(plain.IsFor(Guid.NewGuid(), null));
        Assert.True(check.IsNarrowed);
        Assert.False(plain.IsNarrowed);
    }

    [Fact]
    public void Intern_SameSetInAnotherOrder_SameArraySoRostersCompareEqual()
    {
        Assert.Same(CapabilitySets.Intern(["tcp", "http"]), CapabilitySets.Intern(["http", "tcp", "http"]));
        Assert.Null(CapabilitySets.Intern([]));
    }

    private static WebsiteDefinition Website(VerdictPolicy? policy = null) =>
        new(Guid.NewGuid(), "https://example.com/", 60, Enabled: true, policy);

    private static RosterValidator[] Validators(string region, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => new RosterValidator(Guid.NewGuid(), region, false))];

    private static IEnumerable<Guid> Ids(IEnumerable<RosterValidator> validators) => validators.Select(v => v.Id).Order();
}
