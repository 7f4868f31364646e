using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Uptime.Grains;
using Uptime.Hub.Live;
using Uptime.Hub.Validators;

namespace Uptime.Hub.Tests.Validators;

public sealed class LocalValidatorsTests
{
    private static readonly DateTime _start = new(2026, 12, 7, 8, 0, 0, DateTimeKind.Utc);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(_start));
    private readonly LocalValidators _local;
    private readonly FakeRecipient _first = new(Guid.NewGuid());
    private readonly FakeRecipient _second = new(Guid.NewGuid());
    private readonly FakeRecipient _third = new(Guid.NewGuid());

    public LocalValidatorsTests()
    {
        _local = new LocalValidators(new LiveStreams(Options.Create(new JsonOptions())), _time);
        _local.Add(_first, lastCheckAt: null);
        _local.Add(_second, lastCheckAt: null);
        _local.Add(_third, lastCheckAt: null);
    }

    [Fact]
    public async Task DispatchAsync_NoTargets_EveryConnectionGetsTheSameBatch()
    {
        CheckItem[] checks = [Check(), Check()];

        await _local.DispatchAsync([.. checks]);

        foreach (var connection in new[] { _first, _second, _third })
        {
            Assert.Equal(checks, Assert.Single(connection.Batches));
        }

        Assert.Equal(_first.Batches[0], _second.Batches[0]);
    }

    [Fact]
    public async Task DispatchAsync_TargetedChecks_OnlyTheirValidatorsGetThem()
    {
        var broadcast = Check();
        var toFirst = Check([_first.Validator.Id]);
        var toFirstAndThird = Check([_third.Validator.Id, _first.Validator.Id]);
        var toNoOne = Check([]);

        await _local.DispatchAsync([broadcast, toFirst, toFirstAndThird, toNoOne]);

        Assert.Equal([broadcast, toFirst, toFirstAndThird], _first.Checks);
        Assert.Equal([broadcast], _second.Checks);
        Assert.Equal([broadcast, toFirstAndThird], _third.Checks);
    }

    [Fact]
    public async Task DispatchAsync_NothingForAConnection_NothingQueuedIntoIt()
    {
        await _local.DispatchAsync([Check([_second.Validator.Id])]);

        Assert.Empty(_first.Batches);
        Assert.Single(_second.Batches);
        Assert.Empty(_third.Batches);
    }

    [Fact]
    public async Task Add_ValidatorBackAfterALostConnection_ReplaysOnlyTheChecksBoundForIt()
    {
        var returning = new FakeRecipient(Guid.NewGuid());
        var forIt = Check([returning.Validator.Id]);
        var forOthers = Check([_first.Validator.Id]);
        var forAll = Check();
        await _local.DispatchAsync([forIt, forOthers, forAll]);

        _local.Add(returning, lastCheckAt: _start.AddSeconds(-5));

        Assert.Equal(new[] { forIt, forAll }.OrderBy(c => c.DueAt), returning.Checks);
    }

    [Fact]
    public void Registrations_ConnectionJoinsAndLeaves_Changes()
    {
        var before = _local.Registrations;
        var joining = new FakeRecipient(Guid.NewGuid(), "ap-south");

        _local.Add(joining, lastCheckAt: null);
        var joined = _local.Registrations;
        _local.Remove(joining);

        Assert.NotEqual(before, joined);
        Assert.NotEqual(joined, _local.Registrations);
        Assert.Contains(_local.RegisteredValidators(), v => v.Id == _first.Validator.Id);
        Assert.DoesNotContain(_local.RegisteredValidators(), v => v.Id == joining.Validator.Id);
    }

    /// <summary>A check of a new website due now, its next slot far enough away to be replayed.</summary>
    private CheckItem Check(Guid[]? targets = null)
    {
        var websiteId = Guid.NewGuid();
        var interval = 60;
        var dueAt = _start;
        while (DispatchSchedule.UntilNext(websiteId, interval, dueAt) < TimeSpan.FromSeconds(interval / 2 + 5))
        {
            websiteId = Guid.NewGuid();
        }

        return new CheckItem(websiteId, $"https://example.com/{websiteId:N}", interval, dueAt, targets);
    }
}
