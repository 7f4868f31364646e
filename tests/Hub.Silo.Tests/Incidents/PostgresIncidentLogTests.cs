using System.Collections.Concurrent;
using Uptime.Grains;
using Uptime.Hub.Incidents;
using Uptime.Hub.Live;
using Uptime.Hub.Tests.Database;
using Uptime.Hub.Websites;

namespace Uptime.Hub.Tests.Incidents;

/// <summary>The incident log on a real PostgreSQL database: one open incident per website, its timeline and evidence, and what it announces.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class PostgresIncidentLogTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static readonly DateTime _openedAt = new(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc);

    private readonly RecordingLiveIncidents _live = new();
    private readonly IncidentRepository _repository = new(database.DataSource);
    private readonly IncidentQueries _queries = new(database.DataSource);
    private readonly WebsiteRepository _websites = new(database.DataSource);

    private PostgresIncidentLog Log => new(_repository, _live);

    [Fact]
    public async Task OpenAsync_NoneOpen_OpensWithItsEvidenceAndAnnouncesIt()
    {
        var websiteId = await NewWebsiteAsync();
        var validatorId = Guid.NewGuid();
        await AddValidatorAsync(validatorId, "0xAbC0000000000000000000000000000000000001");
        IncidentVote[] votes =
        [
            new(validatorId, "eu-west", _openedAt.AddSeconds(-2), false, "HTTP 503", 120.5, "0xsig", false),
            new(Guid.NewGuid(), "us-east", _openedAt.AddSeconds(-1), false, "Timeout", 10_000, null, true),
        ];

        var opened = await Log.OpenAsync(websiteId, _openedAt, WebsiteHealth.Down, "2 of 2 regions say Down", votes, CancellationToken.None);

        Assert.True(opened.Opened);
        Assert.Equal(_openedAt, opened.OpenedAt);
        Assert.Equal(opened with { Opened = false }, await Log.FindOpenAsync(websiteId, CancellationToken.None));
        var (incident, timeline) = (await _queries.FindAsync(opened.Id, CancellationToken.None))!.Value;
        Assert.Equal(("Down", "2 of 2 regions say Down", null as DateTime?), (incident.Verdict, incident.Reason, incident.ResolvedAt));
        var entry = Assert.Single(timeline);
        Assert.Equal((IncidentEventKind.Opened, null as string, "2 of 2 regions say Down"), (entry.Kind, entry.Actor, entry.Text));
        Assert.Equal(
            [
                new IncidentVoteView(validatorId, "0xAbC0000000000000000000000000000000000001", "eu-west", _openedAt.AddSeconds(-2), "Bad", "HTTP 503", 120.5, "0xsig", false),
                new IncidentVoteView(votes[1].ValidatorId, null, "us-east", _openedAt.AddSeconds(-1), "Bad", "Timeout", 10_000, null, true),
            ],
            entry.Votes);
        Assert.Equal([new IncidentChange(opened.Id, websiteId, "opened", _openedAt, null, "2 of 2 regions say Down")], _live.Changes);
    }

    [Fact]
    public async Task OpenAsync_OneOpen_ReturnsItWithoutOpeningOrAnnouncing()
    {
        var websiteId = await NewWebsiteAsync();
        var first = await Log.OpenAsync(websiteId, _openedAt, WebsiteHealth.Down, "down", [], CancellationToken.None);

        var second = await Log.OpenAsync(websiteId, _openedAt.AddMinutes(1), WebsiteHealth.Degraded, "degraded", [], CancellationToken.None);

        Assert.Equal(first with { Opened = false }, second);
        Assert.Single(_live.Changes);
        Assert.Single(await _queries.ListAsync(Filter(websiteId), CancellationToken.None));
    }

    [Fact]
    public async Task OpenAsync_ManyConcurrentForOneWebsite_OneIncidentEveryCallerGetsIt()
    {
        var websiteId = await NewWebsiteAsync();
        var logs = Enumerable.Range(0, 8).Select(_ => new PostgresIncidentLog(new IncidentRepository(database.DataSource), _live)).ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var opening = logs.Select((log, i) => Task.Run(async () =>
        {
            await start.Task;
            return await log.OpenAsync(websiteId, _openedAt.AddMilliseconds(i), WebsiteHealth.Down, $"activation {i}", [], CancellationToken.None);
        })).ToArray();
        start.SetResult();
        var results = await Task.WhenAll(opening);

        Assert.Single(results.Select(r => r.Id).Distinct());
        Assert.Single(results, r => r.Opened);
        Assert.Single(await _queries.ListAsync(Filter(websiteId), CancellationToken.None));
        Assert.Single(_live.Changes);
    }

    [Fact]
    public async Task AddEventAsync_ConfirmationWithVotes_OnTheTimelineAfterTheOpening()
    {
        var websiteId = await NewWebsiteAsync();
        var opened = await Log.OpenAsync(websiteId, _openedAt, WebsiteHealth.Down, "down", [], CancellationToken.None);
        var vote = new IncidentVote(Guid.NewGuid(), "ap-south", _openedAt.AddSeconds(3), true, null, 80, null, true);

        await Log.AddEventAsync(opened.Id, _openedAt.AddSeconds(4), IncidentEventKind.Confirmation, "1 of 2 confirm", [vote], CancellationToken.None);

        var timeline = (await _queries.FindAsync(opened.Id, CancellationToken.None))!.Value.Timeline;
        Assert.Equal([IncidentEventKind.Opened, IncidentEventKind.Confirmation], timeline.Select(e => e.Kind));
        Assert.Equal("1 of 2 confirm", timeline[1].Text);
        Assert.Equal(
            new IncidentVoteView(vote.ValidatorId, null, "ap-south", vote.At, "Good", null, 80, null, true),
            Assert.Single(timeline[1].Votes));
    }

    [Fact]
    public async Task AddEventAsync_KindTheLogWritesItself_Refused()
    {
        var opened = await Log.OpenAsync(await NewWebsiteAsync(), _openedAt, WebsiteHealth.Down, "down", [], CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            Log.AddEventAsync(opened.Id, _openedAt, IncidentEventKind.Resolved, "sneaky", [], CancellationToken.None));
    }

    [Fact]
    public async Task ResolveAsync_Open_ResolvedAutomaticallyAnnouncedAndANewOneCanOpen()
    {
        var websiteId = await NewWebsiteAsync();
        var opened = await Log.OpenAsync(websiteId, _openedAt, WebsiteHealth.Down, "down", [], CancellationToken.None);
        var resolvedAt = _openedAt.AddMinutes(5);

        Assert.True(await Log.ResolveAsync(opened.Id, resolvedAt, "3 good rounds", CancellationToken.None));
        Assert.False(await Log.ResolveAsync(opened.Id, resolvedAt.AddSeconds(1), "again", CancellationToken.None));

        Assert.Null(await Log.FindOpenAsync(websiteId, CancellationToken.None));
        var (incident, timeline) = (await _queries.FindAsync(opened.Id, CancellationToken.None))!.Value;
        Assert.Equal((resolvedAt as DateTime?, "auto", "3 good rounds"), (incident.ResolvedAt, incident.ResolvedBy, incident.Resolution));
        Assert.Equal((IncidentEventKind.Resolved, "auto"), (timeline[^1].Kind, timeline[^1].Actor));
        Assert.Equal(
            [IncidentEventKind.Opened, IncidentEventKind.Resolved],
            _live.Changes.Select(c => c.Kind));
        var next = await Log.OpenAsync(websiteId, resolvedAt.AddMinutes(1), WebsiteHealth.Down, "down again", [], CancellationToken.None);
        Assert.True(next.Opened);
        Assert.NotEqual(opened.Id, next.Id);
    }

    [Fact]
    public async Task ResolveAsync_Unknown_False()
    {
        Assert.False(await Log.ResolveAsync(Guid.NewGuid(), _openedAt, "nothing", CancellationToken.None));
        Assert.Empty(_live.Changes);
    }

    [Fact]
    public async Task AcknowledgeAsync_Twice_KeepsTheFirstAndTheSecondNoteBecomesANote()
    {
        var opened = await Log.OpenAsync(await NewWebsiteAsync(), _openedAt, WebsiteHealth.Down, "down", [], CancellationToken.None);

        var first = await _repository.AcknowledgeAsync(opened.Id, _openedAt.AddMinutes(1), "admin key aaaa", "looking", CancellationToken.None);
        var second = await _repository.AcknowledgeAsync(opened.Id, _openedAt.AddMinutes(2), "admin key bbbb", "me too", CancellationToken.None);

        Assert.Equal((IncidentWriteOutcome.Done, IncidentWriteOutcome.AlreadyAcknowledged), (first.Outcome, second.Outcome));
        var (incident, timeline) = (await _queries.FindAsync(opened.Id, CancellationToken.None))!.Value;
        Assert.Equal(("admin key aaaa", _openedAt.AddMinutes(1) as DateTime?), (incident.AcknowledgedBy, incident.AcknowledgedAt));
        Assert.Equal(
            [("opened", null, "down"), ("acknowledged", "admin key aaaa", "looking"), ("note", "admin key bbbb", "me too")],
            timeline.Select(e => (e.Kind, e.Actor, e.Text)));
    }

    [Fact]
    public async Task AcknowledgeAsync_Resolved_LeftAlone()
    {
        var opened = await Log.OpenAsync(await NewWebsiteAsync(), _openedAt, WebsiteHealth.Down, "down", [], CancellationToken.None);
        await Log.ResolveAsync(opened.Id, _openedAt.AddMinutes(1), "recovered", CancellationToken.None);

        var written = await _repository.AcknowledgeAsync(opened.Id, _openedAt.AddMinutes(2), "admin key aaaa", null, CancellationToken.None);

        Assert.Equal(IncidentWriteOutcome.AlreadyResolved, written.Outcome);
        Assert.Null((await _queries.FindAsync(opened.Id, CancellationToken.None))!.Value.Incident.AcknowledgedAt);
    }

    [Fact]
    public async Task DeletingTheWebsite_DeletesItsIncidentsAndTheirTimelines()
    {
        var websiteId = await NewWebsiteAsync();
        var opened = await Log.OpenAsync(websiteId, _openedAt, WebsiteHealth.Down, "down", [], CancellationToken.None);

        await _websites.DeleteAsync(websiteId, CancellationToken.None);

        Assert.Null(await _queries.FindAsync(opened.Id, CancellationToken.None));
        await using var count = database.DataSource.CreateCommand("SELECT count(*) FROM incident_events WHERE incident_id = $1");
        count.Parameters.Add(new() { Value = opened.Id });
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task ListAsync_Filters_NewestFirst()
    {
        var websiteId = await NewWebsiteAsync();
        var resolved = await Log.OpenAsync(websiteId, _openedAt, WebsiteHealth.Down, "first", [], CancellationToken.None);
        await Log.ResolveAsync(resolved.Id, _openedAt.AddHours(1), "recovered", CancellationToken.None);
        var open = await Log.OpenAsync(websiteId, _openedAt.AddHours(2), WebsiteHealth.Degraded, "second", [], CancellationToken.None);

        async Task<Guid[]> ListAsync(IncidentFilter filter) =>
            (await _queries.ListAsync(filter, CancellationToken.None)).Select(i => i.Id).ToArray();

        Assert.Equal([open.Id, resolved.Id], await ListAsync(Filter(websiteId)));
        Assert.Equal([open.Id], await ListAsync(Filter(websiteId) with { State = "open" }));
        Assert.Equal([resolved.Id], await ListAsync(Filter(websiteId) with { State = "resolved" }));
        Assert.Equal([open.Id], await ListAsync(Filter(websiteId) with { Since = _openedAt.AddHours(1.5) }));
        Assert.Equal([resolved.Id], await ListAsync(Filter(websiteId) with { Until = _openedAt.AddHours(1.5) }));
        Assert.Equal([resolved.Id], await ListAsync(Filter(websiteId) with { Skip = 1 }));
        Assert.Equal([open.Id], await ListAsync(Filter(websiteId) with { Take = 1 }));
        Assert.Empty(await ListAsync(Filter(Guid.NewGuid())));
    }

    private static IncidentFilter Filter(Guid websiteId) => new(websiteId, "all", null, null, 100, 0);

    private async Task<Guid> NewWebsiteAsync() =>
        (await _websites.CreateAsync($"https://example.com/incident-{Guid.NewGuid():N}", 30, CancellationToken.None)).Id;

    private async Task AddValidatorAsync(Guid id, string publicKey)
    {
        await using var command = database.DataSource.CreateCommand(
            "INSERT INTO validators (id, public_key, ip_address, location) VALUES ($1, $2, '192.0.2.1', 'eu-west')");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = publicKey });
        await command.ExecuteNonQueryAsync();
    }

    private sealed class RecordingLiveIncidents : ILiveIncidents
    {
        private readonly ConcurrentQueue<IncidentChange> _changes = new();

        public IReadOnlyList<IncidentChange> Changes => [.. _changes];

        public void AddIncidentChange(IncidentChange change) => _changes.Enqueue(change);
    }
}
