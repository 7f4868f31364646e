using Uptime.Grains;
using Uptime.Hub.Tests.Database;
using Uptime.Hub.Websites;

namespace Uptime.Hub.Tests.Websites;

[Collection(DatabaseCollection.Name)]
public sealed class PostgresWebsiteCatalogTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private readonly PostgresWebsiteCatalog _catalog = new(database.DataSource);
    private readonly WebsiteRepository _websites = new(database.DataSource);

    [Fact]
    public async Task FindAsync_Existing_Definition()
    {
        var website = await _websites.CreateAsync("https://example.com/catalog", 120, CancellationToken.None);

        Assert.Equal(
            new StoredWebsite(new WebsiteDefinition(website.Id, "https://example.com/catalog", 120, true, VerdictPolicy.Default), WebsiteHealth.Unknown, null),
            await _catalog.FindAsync(website.Id, CancellationToken.None));
    }

    [Fact]
    public async Task FindAsync_VerdictPolicy_AsCreatedThenAsChanged()
    {
        var policy = new VerdictPolicy(["eu-west", "us-east"], 2, 2, 3, 800, true, 5);
        var website = await _websites.CreateAsync("https://example.com/policy", 30, CancellationToken.None, policy);
        var created = (await _catalog.FindAsync(website.Id, CancellationToken.None))!.Definition.Verdict;
        Assert.Equal(policy.Regions, created.Regions);
        Assert.Equal(policy with { Regions = created.Regions }, created);

        var changes = new VerdictPolicyChanges(Regions: new Set<string[]?>(null), FailingRounds: new Set<int>(1));
        await _websites.UpdateAsync(website.Id, null, null, null, CancellationToken.None, changes);

        var changed = (await _catalog.FindAsync(website.Id, CancellationToken.None))!.Definition.Verdict;
        Assert.Equal(policy with { Regions = null, FailingRounds = 1 }, changed);
    }

    [Fact]
    public async Task FindAsync_AfterStatusChanges_TheLatestRecordedStatus()
    {
        var website = await _websites.CreateAsync("https://example.com/status", 30, CancellationToken.None);
        var log = new PostgresStatusChangeLog(database.DataSource);
        var downAt = new DateTime(2026, 12, 7, 2, 0, 0, DateTimeKind.Utc);
        await log.RecordAsync(website.Id, downAt, WebsiteHealth.Unknown, WebsiteHealth.Down, CancellationToken.None);
        await log.RecordAsync(website.Id, downAt.AddSeconds(-5), WebsiteHealth.Unknown, WebsiteHealth.Up, CancellationToken.None);

        var stored = await _catalog.FindAsync(website.Id, CancellationToken.None);

        Assert.Equal((WebsiteHealth.Down, downAt), (stored!.Status, stored.StatusChangedAt));
    }

    [Fact]
    public async Task FindAsync_AfterUpdate_CurrentDefinition()
    {
        var website = await _websites.CreateAsync("https://example.com/before", 30, CancellationToken.None);
        await _websites.UpdateAsync(website.Id, "https://example.com/after", 15, false, CancellationToken.None);

        Assert.Equal(
            new WebsiteDefinition(website.Id, "https://example.com/after", 15, false, VerdictPolicy.Default),
            (await _catalog.FindAsync(website.Id, CancellationToken.None))?.Definition);
    }

    [Fact]
    public async Task FindAsync_Missing_Null()
    {
        Assert.Null(await _catalog.FindAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task FindAsync_Deleted_Null()
    {
        var website = await _websites.CreateAsync("https://example.com/deleted", 30, CancellationToken.None);
        await _websites.DeleteAsync(website.Id, CancellationToken.None);

        Assert.Null(await _catalog.FindAsync(website.Id, CancellationToken.None));
    }

    [Fact]
    public async Task EnabledIdsAfterAsync_PagesThroughEnabledWebsitesInIdOrder()
    {
        var enabled = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            enabled.Add((await _websites.CreateAsync($"https://example.com/enabled-{i}", 30, CancellationToken.None)).Id);
        }

        var disabled = (await _websites.CreateAsync("https://example.com/disabled", 30, CancellationToken.None)).Id;
        await _websites.UpdateAsync(disabled, null, null, false, CancellationToken.None);

        var seen = new List<Guid>();
        IReadOnlyList<Guid> page;
        do
        {
            page = await _catalog.EnabledIdsAfterAsync(seen.Count == 0 ? Guid.Empty : seen[^1], 2, CancellationToken.None);
            Assert.InRange(page.Count, 0, 2);
            seen.AddRange(page);
        }
        while (page.Count == 2);

        Assert.Subset(seen.ToHashSet(), enabled.ToHashSet());
        Assert.DoesNotContain(disabled, seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(seen.Count, await _catalog.CountEnabledAsync(CancellationToken.None));
    }
}
