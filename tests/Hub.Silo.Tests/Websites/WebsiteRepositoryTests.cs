using Uptime.Grains;
using Uptime.Hub.Tests.Database;
using Uptime.Hub.Tests.Ticks;
using Uptime.Hub.Ticks;
using Uptime.Hub.Websites;

namespace Uptime.Hub.Tests.Websites;

[Collection(DatabaseCollection.Name)]
public sealed class WebsiteRepositoryTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private readonly WebsiteRepository _websites = new(database.DataSource);

    [Fact]
    public async Task CreateAsync_UrlAndInterval_StoredEnabledWithTimestamps()
    {
        var before = DateTime.UtcNow.AddMinutes(-1);

        var created = await _websites.CreateAsync("https://example.com/health", 45, CancellationToken.None);

        Assert.NotEqual(Guid.Empty, created.Id);
        Assert.Equal("https://example.com/health", created.Url);
        Assert.Equal(45, created.IntervalSeconds);
        Assert.True(created.Enabled);
        Assert.InRange(created.CreatedAt, before, DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(DateTimeKind.Utc, created.CreatedAt.Kind);
        Assert.Equal(created.CreatedAt, created.UpdatedAt);
    }

    [Fact]
    public async Task FindAsync_Existing_SameAsCreated()
    {
        var created = await _websites.CreateAsync("https://example.com/find", 30, CancellationToken.None);

        Assert.Equal(created, await _websites.FindAsync(created.Id, CancellationToken.None));
    }

    [Fact]
    public async Task FindAsync_Missing_Null()
    {
        Assert.Null(await _websites.FindAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_LimitAndOffset_PageInCreationOrder()
    {
        // Its own database: the list covers every website, including those of the other tests of this class.
        await using var dataSource = await MigratedDatabase.CreateAsync(database.Server);
        var websites = new WebsiteRepository(dataSource);
        var created = new List<WebsiteRecord>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await websites.CreateAsync($"https://example.com/{i}", 10 + i, CancellationToken.None));
        }

        Assert.Equal(created, await websites.ListAsync(10, 0, null, CancellationToken.None));
        Assert.Equal(created.Skip(1).Take(2), await websites.ListAsync(2, 1, null, CancellationToken.None));
        Assert.Equal(created.Skip(4), await websites.ListAsync(2, 4, null, CancellationToken.None));
        Assert.Empty(await websites.ListAsync(10, 5, null, CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_Tag_OnlyWebsitesCarryingIt()
    {
        await using var dataSource = await MigratedDatabase.CreateAsync(database.Server);
        var websites = new WebsiteRepository(dataSource);
        var prod = await websites.CreateAsync("https://example.com/prod", 30, CancellationToken.None, tags: ["prod", "shop"]);
        await websites.CreateAsync("https://example.com/staging", 30, CancellationToken.None, tags: ["staging", "shop"]);
        await websites.CreateAsync("https://example.com/untagged", 30, CancellationToken.None);

        Assert.Equal([prod], await websites.ListAsync(10, 0, "prod", CancellationToken.None));
        Assert.Equal(2, (await websites.ListAsync(10, 0, "shop", CancellationToken.None)).Count);
        Assert.Empty(await websites.ListAsync(10, 0, "pro", CancellationToken.None));
    }

    [Fact]
    public async Task UpdateAsync_OnlyInterval_UrlAndEnabledStay()
    {
        var created = await _websites.CreateAsync("https://example.com/interval", 30, CancellationToken.None);

        var updated = await _websites.UpdateAsync(created.Id, null, 120, null, CancellationToken.None);

        Assert.NotNull(updated);
        Assert.Equal(created with { IntervalSeconds = 120, UpdatedAt = updated.UpdatedAt }, updated);
        Assert.True(updated.UpdatedAt > created.UpdatedAt);
        Assert.Equal(updated, await _websites.FindAsync(created.Id, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateAsync_EnabledFalse_OnlyEnabledChanges()
    {
        var created = await _websites.CreateAsync("https://example.com/disable", 30, CancellationToken.None);

        var updated = await _websites.UpdateAsync(created.Id, null, null, false, CancellationToken.None);

        Assert.NotNull(updated);
        Assert.Equal(created with { Enabled = false, UpdatedAt = updated.UpdatedAt }, updated);
        var enabledAgain = await _websites.UpdateAsync(created.Id, null, null, true, CancellationToken.None);
        Assert.True(enabledAgain!.Enabled);
    }

    [Fact]
    public async Task UpdateAsync_EveryField_EveryFieldChanges()
    {
        var created = await _websites.CreateAsync("https://example.com/old", 30, CancellationToken.None);

        var updated = await _websites.UpdateAsync(
            created.Id, "http://example.org/new", 86400, false, CancellationToken.None, name: new Set<string?>("New"), tags: ["b", "a"]);

        Assert.NotNull(updated);
        Assert.Equal(
            new WebsiteRecord(created.Id, "http://example.org/new", 86400, false, created.CreatedAt, updated.UpdatedAt, VerdictPolicy.Default, "New", ["b", "a"]),
            updated);
    }

    [Fact]
    public async Task CreateAsync_NameAndTags_Stored()
    {
        var created = await _websites.CreateAsync("https://example.com/named", 30, CancellationToken.None, name: "Shop", tags: ["prod", "shop"]);

        var found = await _websites.FindAsync(created.Id, CancellationToken.None);

        Assert.Equal("Shop", found!.Name);
        Assert.Equal(["prod", "shop"], found.Tags);
    }

    [Fact]
    public async Task CreateAsync_NoNameNorTags_NullNameAndNoTags()
    {
        var created = await _websites.CreateAsync("https://example.com/plain", 30, CancellationToken.None);

        Assert.Null(created.Name);
        Assert.Empty(created.Tags);
    }

    [Fact]
    public async Task UpdateAsync_NameSetToNull_NameClearedTagsKept()
    {
        var created = await _websites.CreateAsync("https://example.com/clear", 30, CancellationToken.None, name: "Old", tags: ["keep"]);

        var updated = await _websites.UpdateAsync(created.Id, null, null, null, CancellationToken.None, name: new Set<string?>(null));

        Assert.Null(updated!.Name);
        Assert.Equal(["keep"], updated.Tags);
    }

    [Fact]
    public async Task UpdateAsync_NameAndTagsNotGiven_BothKept()
    {
        var created = await _websites.CreateAsync("https://example.com/kept", 30, CancellationToken.None, name: "Kept", tags: ["a"]);

        var updated = await _websites.UpdateAsync(created.Id, null, 60, null, CancellationToken.None);

        Assert.Equal("Kept", updated!.Name);
        Assert.Equal(["a"], updated.Tags);
    }

    [Fact]
    public async Task UpdateAsync_EmptyTags_TagsCleared()
    {
        var created = await _websites.CreateAsync("https://example.com/untag", 30, CancellationToken.None, tags: ["a"]);

        var updated = await _websites.UpdateAsync(created.Id, null, null, null, CancellationToken.None, tags: []);

        Assert.Empty(updated!.Tags);
    }

    [Fact]
    public async Task UpdateAsync_NothingGiven_OnlyUpdatedAtChanges()
    {
        var created = await _websites.CreateAsync("https://example.com/touch", 30, CancellationToken.None);

        var updated = await _websites.UpdateAsync(created.Id, null, null, null, CancellationToken.None);

        Assert.Equal(created with { UpdatedAt = updated!.UpdatedAt }, updated);
    }

    [Fact]
    public async Task UpdateAsync_Missing_Null()
    {
        Assert.Null(await _websites.UpdateAsync(Guid.NewGuid(), "https://example.com", 30, true, CancellationToken.None));
    }

    [Fact]
    public async Task DeleteAsync_Existing_TrueThenFalseAndOnlyItsTicksDeleted()
    {
        var deleted = await _websites.CreateAsync("https://example.com/deleted", 30, CancellationToken.None);
        var kept = await _websites.CreateAsync("https://example.com/kept", 30, CancellationToken.None);
        await TestTicks.InsertAsync(database.DataSource, [.. TestTicks.Create(deleted.Id, 3), .. TestTicks.Create(kept.Id, 2)]);

        Assert.True(await _websites.DeleteAsync(deleted.Id, CancellationToken.None));

        Assert.Null(await _websites.FindAsync(deleted.Id, CancellationToken.None));
        Assert.Equal(0L, await TestTicks.CountAsync(database.DataSource, deleted.Id));
        Assert.Equal(kept, await _websites.FindAsync(kept.Id, CancellationToken.None));
        Assert.Equal(2L, await TestTicks.CountAsync(database.DataSource, kept.Id));
        Assert.False(await _websites.DeleteAsync(deleted.Id, CancellationToken.None));
    }

    [Fact]
    public async Task DeleteAsync_Missing_False()
    {
        Assert.False(await _websites.DeleteAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task ListTicksAsync_NoBefore_NewestFirstWithEveryField()
    {
        var website = await _websites.CreateAsync("https://example.com/ticks", 30, CancellationToken.None);
        var other = await _websites.CreateAsync("https://example.com/other", 30, CancellationToken.None);
        var ticks = TestTicks.Create(website.Id, 5);
        await TestTicks.InsertAsync(database.DataSource, [ticks[2], ticks[0], ticks[4], ticks[1], ticks[3], .. TestTicks.Create(other.Id, 3)]);

        var listed = await _websites.ListTicksAsync(website.Id, 100, null, CancellationToken.None);

        Assert.Equal(ticks.AsEnumerable().Reverse().Select(ToRecord), listed);
        Assert.All(listed, t => Assert.Equal(DateTimeKind.Utc, t.Timestamp.Kind));
        Assert.Equal("Good", listed[0].Status);
        Assert.Null(listed[0].Error);
        Assert.Equal("Bad", listed[1].Status);
        Assert.Equal("timeout #3", listed[1].Error);
    }

    [Fact]
    public async Task ListTicksAsync_RefusedAndConfirmationTicks_Flagged()
    {
        var website = await _websites.CreateAsync("https://example.com/flags", 30, CancellationToken.None);
        var ticks = TestTicks.Create(website.Id, 3);
        ticks[0] = ticks[0] with { Refused = true };
        ticks[1] = ticks[1] with { Confirmation = true };
        await TestTicks.InsertAsync(database.DataSource, [.. ticks]);

        var listed = await _websites.ListTicksAsync(website.Id, 100, null, CancellationToken.None);

        Assert.Equal([(false, false), (false, true), (true, false)], listed.Select(t => (t.Refused, t.Confirmation)));
    }

    [Fact]
    public async Task ListTicksAsync_Limit_OnlyTheNewest()
    {
        var website = await _websites.CreateAsync("https://example.com/limit", 30, CancellationToken.None);
        var ticks = TestTicks.Create(website.Id, 5);
        await TestTicks.InsertAsync(database.DataSource, [.. ticks]);

        var listed = await _websites.ListTicksAsync(website.Id, 2, null, CancellationToken.None);

        Assert.Equal([ticks[4].Id, ticks[3].Id], listed.Select(t => t.Id));
    }

    [Fact]
    public async Task ListTicksAsync_Before_OnlyStrictlyOlder()
    {
        var website = await _websites.CreateAsync("https://example.com/before", 30, CancellationToken.None);
        var ticks = TestTicks.Create(website.Id, 5);
        await TestTicks.InsertAsync(database.DataSource, [.. ticks]);

        var listed = await _websites.ListTicksAsync(website.Id, 100, ticks[3].Timestamp, CancellationToken.None);
        var oneTickLater = await _websites.ListTicksAsync(website.Id, 100, ticks[3].Timestamp.AddTicks(10), CancellationToken.None);
        var limited = await _websites.ListTicksAsync(website.Id, 1, ticks[3].Timestamp, CancellationToken.None);

        Assert.Equal([ticks[2].Id, ticks[1].Id, ticks[0].Id], listed.Select(t => t.Id));
        Assert.Equal([ticks[3].Id, ticks[2].Id, ticks[1].Id, ticks[0].Id], oneTickLater.Select(t => t.Id));
        Assert.Equal([ticks[2].Id], limited.Select(t => t.Id));
        Assert.Empty(await _websites.ListTicksAsync(website.Id, 100, ticks[0].Timestamp, CancellationToken.None));
    }

    [Fact]
    public async Task ListTicksAsync_UnknownWebsite_Empty()
    {
        Assert.Empty(await _websites.ListTicksAsync(Guid.NewGuid(), 100, null, CancellationToken.None));
    }

    private static TickRecord ToRecord(TickRow row) =>
        new(row.Id, row.WebsiteId, row.ValidatorId, row.Good ? "Good" : "Bad", row.Latency, row.Timestamp, row.Error, row.Refused, row.Confirmation);
}
