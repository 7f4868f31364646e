using Uptime.Grains;
using Uptime.Hub.Persistence;

namespace Uptime.Hub.Tests.Persistence;

[Collection(PersistenceCollection.Name)]
public sealed class PostgresWebsiteCatalogTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private readonly PostgresWebsiteCatalog _catalog = new(database.DataSource);
    private readonly WebsiteRepository _websites = new(database.DataSource);

    [Fact]
    public async Task FindAsync_Existing_Definition()
    {
        var website = await _websites.CreateAsync("https://example.com/catalog", 120, CancellationToken.None);

        Assert.Equal(
            new WebsiteDefinition(website.Id, "https://example.com/catalog", 120, true),
            await _catalog.FindAsync(website.Id, CancellationToken.None));
    }

    [Fact]
    public async Task FindAsync_AfterUpdate_CurrentDefinition()
    {
        var website = await _websites.CreateAsync("https://example.com/before", 30, CancellationToken.None);
        await _websites.UpdateAsync(website.Id, "https://example.com/after", 15, false, CancellationToken.None);

        Assert.Equal(
            new WebsiteDefinition(website.Id, "https://example.com/after", 15, false),
            await _catalog.FindAsync(website.Id, CancellationToken.None));
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
}
