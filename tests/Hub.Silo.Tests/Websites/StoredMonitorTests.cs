using Uptime.Grains;
using Uptime.Hub.Tests.Database;
using Uptime.Hub.Websites;
using Uptime.Protocol.Checks;

namespace Uptime.Hub.Tests.Websites;

/// <summary>Monitor types and check definitions through the websites table: the repository's rows and the grains' catalog.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class StoredMonitorTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private const string KeywordCheck =
        """{"method":"GET","headers":{"Accept-Language":"en","X-Id":"1"},"body":null,"statusCodes":["200-399"],"followRedirects":true,"maxRedirects":5,"timeoutSeconds":10,"maxBodyBytes":65536,"assertions":[{"source":"body","operator":"contains","value":"Welcome"}]}""";

    private readonly PostgresWebsiteCatalog _catalog = new(database.DataSource);
    private readonly WebsiteRepository _websites = new(database.DataSource);

    [Fact]
    public async Task FindAsync_PlainHttpWebsite_NoMonitor()
    {
        var website = await _websites.CreateAsync("https://example.com/plain", 30, CancellationToken.None);

        Assert.Null(website.Monitor);
        Assert.Null((await _catalog.FindAsync(website.Id, CancellationToken.None))!.Definition.Monitor);
    }

    [Fact]
    public async Task FindAsync_HttpCheck_MonitorSpecWithTheCanonicalTextAndTheHttpCapability()
    {
        var website = await _websites.CreateAsync("https://example.com/keyword", 30, CancellationToken.None, check: KeywordCheck);

        var expected = new MonitorSpec("http", KeywordCheck, CheckCapabilities.Http);
        Assert.Equal(expected, website.Monitor);
        Assert.Equal(expected, (await _catalog.FindAsync(website.Id, CancellationToken.None))!.Definition.Monitor);
    }

    [Fact]
    public async Task FindAsync_ManyWebsitesWithOneCheck_ShareOneSpec()
    {
        var first = await _websites.CreateAsync("https://example.com/shared-1", 30, CancellationToken.None, check: KeywordCheck);
        var second = await _websites.CreateAsync("https://example.com/shared-2", 30, CancellationToken.None, check: KeywordCheck);

        var specs = new[]
        {
            (await _catalog.FindAsync(first.Id, CancellationToken.None))!.Definition.Monitor,
            (await _catalog.FindAsync(second.Id, CancellationToken.None))!.Definition.Monitor,
            (await _websites.FindAsync(second.Id, CancellationToken.None))!.Monitor,
        };

        Assert.All(specs, spec => Assert.Same(specs[0], spec));
    }

    [Theory]
    [InlineData("tcp", "tcp://db.example.com:5432", null, "tcp")]
    [InlineData("tcp", "tcp://db.example.com:5432", """{"send":"PING\r\n","expect":"+PONG","timeoutSeconds":3}""", "tcp")]
    [InlineData("dns", "dns://example.com", """{"recordType":"MX","server":"9.9.9.9:53","expected":"mx.example.com","timeoutSeconds":10}""", "dns")]
    [InlineData("push", null, """{"graceSeconds":120}""", null)]
    [InlineData("push", null, null, null)]
    public async Task FindAsync_OtherTypes_MonitorSpecWithTheirCapability(string type, string? url, string? check, string? capability)
    {
        var website = await _websites.CreateAsync(url, 60, CancellationToken.None, type: type, check: check);

        var definition = (await _catalog.FindAsync(website.Id, CancellationToken.None))!.Definition;

        Assert.Equal(new MonitorSpec(type, check, capability), definition.Monitor);
        Assert.Equal(url ?? $"push://{website.Id}", definition.Url);
    }

    [Fact]
    public async Task UpdateAsync_TypeAndCheck_ChangedThenCleared()
    {
        var website = await _websites.CreateAsync("https://example.com/changing", 30, CancellationToken.None, check: KeywordCheck);

        var tcp = await _websites.UpdateAsync(
            website.Id, "tcp://example.com:22", null, null, CancellationToken.None, type: "tcp", check: new Set<string?>(null));
        Assert.Equal(("tcp://example.com:22", new MonitorSpec("tcp", null, "tcp")), (tcp!.Url, tcp.Monitor));

        var push = await _websites.UpdateAsync(website.Id, null, null, null, CancellationToken.None, type: "push", check: new Set<string?>(null));
        Assert.Equal(($"push://{website.Id}", new MonitorSpec("push", null, null)), (push!.Url, push.Monitor));

        var http = await _websites.UpdateAsync(
            website.Id, "https://example.com/back", null, null, CancellationToken.None, type: "http", check: new Set<string?>(KeywordCheck));
        Assert.Equal(new MonitorSpec("http", KeywordCheck, "http"), (await _catalog.FindAsync(website.Id, CancellationToken.None))!.Definition.Monitor);
        Assert.Equal("https://example.com/back", http!.Url);

        await _websites.UpdateAsync(website.Id, null, 60, null, CancellationToken.None);
        Assert.Equal(KeywordCheck, (await _catalog.FindAsync(website.Id, CancellationToken.None))!.Definition.Monitor!.Check);

        await _websites.UpdateAsync(website.Id, null, null, null, CancellationToken.None, check: new Set<string?>(null));
        Assert.Null((await _catalog.FindAsync(website.Id, CancellationToken.None))!.Definition.Monitor);
    }
}
