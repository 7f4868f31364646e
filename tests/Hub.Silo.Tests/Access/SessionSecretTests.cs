using Uptime.Hub.Access;
using Uptime.Hub.Tests.Database;

namespace Uptime.Hub.Tests.Access;

/// <summary>The session-signing secret in hub_secrets: created once, then the same for every silo.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class SessionSecretTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public async Task LoadOrCreate_ConcurrentSilos_AllGetTheSame32Bytes()
    {
        var secrets = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SessionSecret.LoadOrCreateAsync(database.DataSource, CancellationToken.None)));
        var again = await SessionSecret.LoadOrCreateAsync(database.DataSource, CancellationToken.None);

        Assert.Equal(32, again.Length);
        Assert.All(secrets, secret => Assert.Equal(again, secret));
    }

    [Fact]
    public async Task GetTokens_TwoSilos_AcceptEachOthersSessions()
    {
        var first = await new SessionSecret(database.DataSource).GetTokensAsync(CancellationToken.None);
        var second = await new SessionSecret(database.DataSource).GetTokensAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow;

        Assert.Equal("0123456789abcdef", second.Verify(first.Issue("0123456789abcdef", now.AddHours(1)), now));
    }
}
