using Npgsql;
using Uptime.Grains;
using Uptime.Hub.Database;
using Uptime.Hub.Tests.Database;
using Uptime.Hub.Websites;

namespace Uptime.Hub.Tests.Websites;

/// <summary>
/// Pages of websites by the status kept on the websites row: each test has its own database, because totals and
/// counts cover every website in it.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class WebsiteListingTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static readonly DateTime _t0 = new(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task RecordAsync_Transition_LoggedAndKeptOnTheWebsiteRow()
    {
        await using var dataSource = await MigratedDatabase.CreateAsync(database.Server);
        var website = await new WebsiteRepository(dataSource).CreateAsync("https://example.com/a", 30, CancellationToken.None);
        var log = new PostgresStatusChangeLog(dataSource);

        Assert.Equal(("Unknown", (DateTime?)null), await ReadStatusAsync(dataSource, website.Id));

        await log.RecordAsync(website.Id, _t0, WebsiteHealth.Unknown, WebsiteHealth.Up, CancellationToken.None);
        await log.RecordAsync(website.Id, _t0.AddMinutes(1), WebsiteHealth.Up, WebsiteHealth.Down, CancellationToken.None);

        Assert.Equal(("Down", (DateTime?)_t0.AddMinutes(1)), await ReadStatusAsync(dataSource, website.Id));
        Assert.Equal(2, await ScalarAsync(dataSource, $"SELECT count(*)::integer FROM website_status_changes WHERE website_id = '{website.Id}'"));
    }

    [Fact]
    public async Task RecordAsync_OlderTransitionAfterANewerOne_RowKeepsTheNewer()
    {
        await using var dataSource = await MigratedDatabase.CreateAsync(database.Server);
        var website = await new WebsiteRepository(dataSource).CreateAsync("https://example.com/late", 30, CancellationToken.None);
        var log = new PostgresStatusChangeLog(dataSource);

        await log.RecordAsync(website.Id, _t0.AddMinutes(5), WebsiteHealth.Up, WebsiteHealth.Degraded, CancellationToken.None);
        await log.RecordAsync(website.Id, _t0, WebsiteHealth.Unknown, WebsiteHealth.Up, CancellationToken.None);

        Assert.Equal(("Degraded", (DateTime?)_t0.AddMinutes(5)), await ReadStatusAsync(dataSource, website.Id));
    }

    [Fact]
    public async Task ListAsync_MixedStatuses_CountsEveryStatusAndPausedWins()
    {
        await using var dataSource = await MigratedDatabase.CreateAsync(database.Server);
        var fleet = await FleetAsync(dataSource);

        var page = await new WebsiteListing(dataSource).ListAsync(Query(), CancellationToken.None);

        Assert.Equal(7, page.Total);
        Assert.Equal(
            new Dictionary<string, int> { ["Down"] = 1, ["Degraded"] = 1, ["Maintenance"] = 1, ["Unknown"] = 2, ["Up"] = 1, ["Paused"] = 1 },
            page.Counts);
        Assert.Equal(
            [fleet["down"], fleet["degraded"], fleet["maintenance"], fleet["never"], fleet["unknown"], fleet["up"], fleet["paused"]],
            page.Websites.Select(w => w.Id));
        Assert.Equal(["Down", "Degraded", "Maintenance", "Unknown", "Unknown", "Up", "Paused"], page.CountedAs);
    }

    [Fact]
    public async Task ListAsync_EmptyTable_ZeroForEveryStatus()
    {
        await using var dataSource = await MigratedDatabase.CreateAsync(database.Server);

        var page = await new WebsiteListing(dataSource).ListAsync(Query(), CancellationToken.None);

        Assert.Equal(0, page.Total);
        Assert.Empty(page.Websites);
        Assert.Equal(WebsiteListQuery.Statuses, page.Counts.Keys);
        Assert.All(page.Counts.Values, count => Assert.Equal(0, count));
    }

    [Theory]
    [InlineData("Unknown", new[] { "never", "unknown" })]
    [InlineData("Paused", new[] { "paused" })]
    [InlineData("Up", new[] { "up" })]
    [InlineData("Down", new[] { "down" })]
    [InlineData("Maintenance", new[] { "maintenance" })]
    public async Task ListAsync_StatusFilter_OnlyThatStatusAndTotalOfTheFilter(string status, string[] expected)
    {
        await using var dataSource = await MigratedDatabase.CreateAsync(database.Server);
        var fleet = await FleetAsync(dataSource);

        var page = await new WebsiteListing(dataSource).ListAsync(Query() with { Status = status }, CancellationToken.None);

        Assert.Equal(expected.Length, page.Total);
        Assert.Equal(expected.Select(name => fleet[name]), page.Websites.Select(w => w.Id));
        Assert.Equal(7, page.Counts.Values.Sum());
    }

    [Fact]
    public async Task ListAsync_TextFilter_CaseInsensitivePartOfTheUrlWithLiteralWildcards()
    {
        await using var dataSource = await MigratedDatabase.CreateAsync(database.Server);
        var websites = new WebsiteRepository(dataSource);
        var shop = await websites.CreateAsync("https://SHOP.example.com/", 30, CancellationToken.None);
        await websites.CreateAsync("https://blog.example.com/", 30, CancellationToken.None);
        var percent = await websites.CreateAsync("https://example.com/100%_sure", 30, CancellationToken.None);
        var listing = new WebsiteListing(dataSource);

        var found = await listing.ListAsync(Query() with { Text = "shop.EXAMPLE" }, CancellationToken.None);
        var literal = await listing.ListAsync(Query() with { Text = "%_" }, CancellationToken.None);

        Assert.Equal([shop.Id], found.Websites.Select(w => w.Id));
        Assert.Equal(1, found.Total);
        Assert.Equal([percent.Id], literal.Websites.Select(w => w.Id));
    }

    [Fact]
    public async Task ListAsync_TextFilter_MatchesTheNameToo()
    {
        await using var dataSource = await MigratedDatabase.CreateAsync(database.Server);
        var websites = new WebsiteRepository(dataSource);
        var named = await websites.CreateAsync("https://a.example.com/", 30, CancellationToken.None, name: "Checkout API");
        await websites.CreateAsync("https://b.example.com/", 30, CancellationToken.None, name: "Blog");
        var byUrl = await websites.CreateAsync("https://checkout.example.com/", 30, CancellationToken.None);
        var listing = new WebsiteListing(dataSource);

        var found = await listing.ListAsync(Query() with { Text = "CHECKOUT", Sort = WebsiteListQuery.ByUrl }, CancellationToken.None);

        Assert.Equal([named.Id, byUrl.Id], found.Websites.Select(w => w.Id));
        Assert.Equal(2, found.Total);
    }

    [Fact]
    public async Task ListAsync_Tag_OnlyWebsitesCarryingItCountedAsTheTotal()
    {
        await using var dataSource = await MigratedDatabase.CreateAsync(database.Server);
        var websites = new WebsiteRepository(dataSource);
        var tagged = await websites.CreateAsync("https://a.example.com/", 30, CancellationToken.None, tags: ["edge", "prod"]);
        await websites.CreateAsync("https://b.example.com/", 30, CancellationToken.None, tags: ["staging"]);
        await websites.CreateAsync("https://c.example.com/", 30, CancellationToken.None);
        var listing = new WebsiteListing(dataSource);

        var found = await listing.ListAsync(Query() with { Tag = "prod", Limit = 1 }, CancellationToken.None);

        Assert.Equal([tagged.Id], found.Websites.Select(w => w.Id));
        Assert.Equal(["edge", "prod"], found.Websites[0].Tags);
        Assert.Equal(1, found.Total);
        Assert.Equal(3, found.Counts.Values.Sum());
    }

    [Fact]
    public async Task ListAsync_LimitAndOffset_PagesByUrlEitherWayWithTheWholeTotal()
    {
        await using var dataSource = await MigratedDatabase.CreateAsync(database.Server);
        var websites = new WebsiteRepository(dataSource);
        var ids = new List<Guid>();
        foreach (var name in new[] { "e", "b", "d", "a", "c" })
        {
            ids.Add((await websites.CreateAsync($"https://{name}.example.com/", 30, CancellationToken.None)).Id);
        }

        var byUrl = new[] { ids[3], ids[1], ids[4], ids[2], ids[0] };
        var listing = new WebsiteListing(dataSource);
        var query = Query() with { Sort = WebsiteListQuery.ByUrl, Limit = 2 };

        var first = await listing.ListAsync(query, CancellationToken.None);
        var last = await listing.ListAsync(query with { Offset = 4 }, CancellationToken.None);
        var beyond = await listing.ListAsync(query with { Offset = 10 }, CancellationToken.None);
        var descending = await listing.ListAsync(query with { Descending = true, Offset = 1 }, CancellationToken.None);

        Assert.Equal(byUrl[..2], first.Websites.Select(w => w.Id));
        Assert.Equal(byUrl[4..], last.Websites.Select(w => w.Id));
        Assert.Empty(beyond.Websites);
        Assert.Equal([byUrl[3], byUrl[2]], descending.Websites.Select(w => w.Id));
        Assert.All([first, last, beyond, descending], page => Assert.Equal(5, page.Total));
    }

    [Fact]
    public async Task Migration_ExistingWebsitesWithoutTheColumn_TakeTheirLatestLoggedStatus()
    {
        await using var dataSource = await MigratedDatabase.CreateAsync(database.Server);
        var websites = new WebsiteRepository(dataSource);
        var changed = await websites.CreateAsync("https://example.com/changed", 30, CancellationToken.None);
        var never = await websites.CreateAsync("https://example.com/never", 30, CancellationToken.None);
        // A database from before sql/103 is also one from before the journal.
        await ExecuteAsync(dataSource, "ALTER TABLE websites DROP COLUMN status, DROP COLUMN status_changed_at; DROP TABLE schema_migrations");
        await ExecuteAsync(dataSource, $"""
            INSERT INTO website_status_changes (website_id, at, from_status, to_status) VALUES
                ('{changed.Id}', '2026-11-01T12:00:00Z', 'Unknown', 'Up'),
                ('{changed.Id}', '2026-11-01T12:05:00Z', 'Up', 'Down')
            """);

        await SchemaMigrator.ApplyAsync(dataSource, CancellationToken.None);

        Assert.Equal(("Down", (DateTime?)_t0.AddMinutes(5)), await ReadStatusAsync(dataSource, changed.Id));
        Assert.Equal(("Unknown", (DateTime?)null), await ReadStatusAsync(dataSource, never.Id));
    }

    private static WebsiteListQuery Query() => new(null, null, WebsiteListQuery.ByStatus, false, 100, 0);

    /// <summary>Six websites: one per live status, one Unknown again after being Up, one never checked, one Up but paused.</summary>
    private static async Task<Dictionary<string, Guid>> FleetAsync(NpgsqlDataSource dataSource)
    {
        var websites = new WebsiteRepository(dataSource);
        var log = new PostgresStatusChangeLog(dataSource);
        var fleet = new Dictionary<string, Guid>();
        var transitions = new Dictionary<string, WebsiteHealth[]>
        {
            ["up"] = [WebsiteHealth.Up],
            ["down"] = [WebsiteHealth.Down],
            ["degraded"] = [WebsiteHealth.Up, WebsiteHealth.Degraded],
            ["maintenance"] = [WebsiteHealth.Up, WebsiteHealth.Maintenance],
            ["unknown"] = [WebsiteHealth.Up, WebsiteHealth.Unknown],
            ["never"] = [],
            ["paused"] = [WebsiteHealth.Up],
        };
        foreach (var (name, statuses) in transitions)
        {
            var id = (await websites.CreateAsync($"https://{name}.example.com/", 30, CancellationToken.None)).Id;
            var from = WebsiteHealth.Unknown;
            for (var i = 0; i < statuses.Length; i++)
            {
                await log.RecordAsync(id, _t0.AddMinutes(i), from, statuses[i], CancellationToken.None);
                from = statuses[i];
            }

            fleet[name] = id;
        }

        await websites.UpdateAsync(fleet["paused"], null, null, false, CancellationToken.None);
        return fleet;
    }

    private static async Task<(string Status, DateTime? ChangedAt)> ReadStatusAsync(NpgsqlDataSource dataSource, Guid id)
    {
        await using var command = dataSource.CreateCommand("SELECT status, status_changed_at FROM websites WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetDateTime(1));
    }

    private static async Task<int> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
