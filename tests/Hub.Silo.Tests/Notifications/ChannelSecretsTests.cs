using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Uptime.Hub.Notifications;
using Uptime.Hub.Tests.Database;
using Uptime.Testing;

namespace Uptime.Hub.Tests.Notifications;

/// <summary>
/// The channel secrets at rest: two hubs' service providers over one database share the Data Protection key ring in
/// <c>data_protection_keys</c>, so each reads what the other wrote; the ciphertext does not hold the secret, and a hub with
/// another key ring cannot read it.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class ChannelSecretsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task TwoHubsOnOneDatabase_ReadEachOthersSecrets_WithOneSharedKey()
    {
        await using var dataSource = await MigratedDatabase.CreateAsync(postgres.Server);
        await using var first = Hub(dataSource);
        await using var second = Hub(dataSource);
        var slack = new JsonObject { ["url"] = "https://hooks.slack.com/services/T0/B0/first-hub-token-1f2e3d" };
        var telegram = new JsonObject { ["botToken"] = "123456:second-hub-token-9a8b7c" };

        var fromFirst = Secrets(first).Protect(slack);
        var fromSecond = Secrets(second).Protect(telegram);

        Assert.Equal(slack.ToJsonString(), Secrets(second).Unprotect(fromFirst).ToJsonString());
        Assert.Equal(telegram.ToJsonString(), Secrets(first).Unprotect(fromSecond).ToJsonString());
        Assert.DoesNotContain("first-hub-token", Encoding.UTF8.GetString(fromFirst), StringComparison.Ordinal);
        Assert.DoesNotContain("second-hub-token", Encoding.UTF8.GetString(fromSecond), StringComparison.Ordinal);
        Assert.Equal(1L, await KeyCountAsync(dataSource));
    }

    [Fact]
    public async Task HubWithAnotherKeyRing_CannotReadTheSecrets()
    {
        await using var dataSource = await MigratedDatabase.CreateAsync(postgres.Server);
        await using var otherDataSource = await MigratedDatabase.CreateAsync(postgres.Server);
        await using var hub = Hub(dataSource);
        await using var stranger = Hub(otherDataSource);
        var written = Secrets(hub).Protect(new JsonObject { ["routingKey"] = "0123456789abcdef0123456789abcdef" });

        Assert.ThrowsAny<CryptographicException>(() => Secrets(stranger).Unprotect(written));
    }

    private static ServiceProvider Hub(NpgsqlDataSource dataSource) =>
        new ServiceCollection().AddLogging().AddSingleton(dataSource).AddNotificationApi().BuildServiceProvider();

    private static IChannelSecrets Secrets(ServiceProvider hub) => hub.GetRequiredService<IChannelSecrets>();

    private static async Task<long> KeyCountAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM data_protection_keys");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
