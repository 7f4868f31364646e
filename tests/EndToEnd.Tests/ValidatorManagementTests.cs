using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Hub.Access;
using Uptime.Protocol;

namespace Uptime.EndToEnd.Tests;

/// <summary>
/// An operator bans, unbans and deletes validators of a real hub through the REST API, while they are connected over raw
/// sockets speaking the real protocol.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class ValidatorManagementTests(DefaultHubFixture fixture) : IClassFixture<DefaultHubFixture>
{
    /// <summary>"At once": the ban reaches the socket through one grain call and one observer call.</summary>
    private static readonly TimeSpan _atOnce = TimeSpan.FromSeconds(5);

    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task Ban_ConnectedValidator_ErrorThenCloseAtOnceOfflineAndNoMoreChecks()
    {
        var websiteId = (await Hub.CreateWebsiteAsync("https://example.com/ban-connected", 10)).GetProperty("id").GetGuid();
        await using var client = await HubClient.ConnectAsync(Hub);
        var publicKey = AgentProcess.NewPublicKey();
        var validatorId = (await client.RegisterAsync(publicKey)).ValidatorId;
        await client.ReceiveCheckForAsync(websiteId, TimeSpan.FromSeconds(15));

        var banned = await Hub.BanAsync(validatorId, "sends forged ticks");
        var (messages, status, description) = await client.ReceiveUntilCloseAsync(_atOnce);

        var error = Assert.IsType<ErrorMessage>(Assert.Single(messages, m => m is not CheckWebsiteMessage));
        Assert.Equal(new ErrorMessage(ErrorCodes.Banned, $"validator {publicKey} is banned by an operator: sends forged ticks"), error);
        Assert.DoesNotContain(messages.SkipWhile(m => m is not ErrorMessage), m => m is CheckWebsiteMessage);
        Assert.Equal((WebSocketCloseStatus.PolicyViolation, "banned by an operator"), (status, description));
        Assert.Equal("banned", banned.GetProperty("state").GetString());
        Assert.False(banned.GetProperty("online").GetBoolean());
        Assert.Equal(AdminKeyName(), banned.GetProperty("bannedBy").GetString());
        Assert.Equal("sends forged ticks", banned.GetProperty("banReason").GetString());
        Assert.True(DateTime.UtcNow - banned.GetProperty("bannedAt").GetDateTime() < TimeSpan.FromMinutes(1), $"bannedAt: {banned}");
        Assert.False((await Hub.Database.ValidatorAsync(publicKey))!.Online);
    }

    [Fact]
    public async Task Register_BannedValidator_RefusedWithTheReasonAndClosedWith1008()
    {
        var publicKey = AgentProcess.NewPublicKey();
        var validatorId = await RegisterOnceAsync(publicKey);
        await Hub.BanAsync(validatorId, "key leaked");

        await using var client = await HubClient.ConnectAsync(Hub);
        await client.SendAsync(new RegisterMessage(publicKey, "E2E Lab"));
        var (messages, status, description) = await client.ReceiveUntilCloseAsync(_atOnce);

        Assert.Equal([new ErrorMessage(ErrorCodes.Banned, $"validator {publicKey} is banned by an operator: key leaked")], messages);
        Assert.Equal((WebSocketCloseStatus.PolicyViolation, "registration refused: banned"), (status, description));
        Assert.False((await Hub.Database.ValidatorAsync(publicKey))!.Online);
    }

    [Fact]
    public async Task Unban_BannedValidator_RegistersAndGetsChecksAgain()
    {
        var websiteId = (await Hub.CreateWebsiteAsync("https://example.com/unban", 10)).GetProperty("id").GetGuid();
        var publicKey = AgentProcess.NewPublicKey();
        var validatorId = await RegisterOnceAsync(publicKey);
        await Hub.BanAsync(validatorId);

        var unbanned = await Hub.UnbanAsync(validatorId);
        await using var client = await HubClient.ConnectAsync(Hub);
        await client.RegisterAsync(publicKey);

        Assert.Equal("active", unbanned.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, unbanned.GetProperty("bannedBy").ValueKind);
        await client.ReceiveCheckForAsync(websiteId, TimeSpan.FromSeconds(15));
        await Hub.WaitForOnlineAsync(publicKey, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Ban_Twice_200KeepingTheFirstBan()
    {
        var validatorId = await RegisterOnceAsync(AgentProcess.NewPublicKey());
        var first = await Hub.BanAsync(validatorId, "first reason");

        var second = await Hub.BanAsync(validatorId, "second reason");

        Assert.Equal("first reason", second.GetProperty("banReason").GetString());
        Assert.Equal(first.GetProperty("bannedAt").GetDateTime(), second.GetProperty("bannedAt").GetDateTime());
    }

    [Fact]
    public async Task Unban_ActiveValidator_200Unchanged()
    {
        var validatorId = await RegisterOnceAsync(AgentProcess.NewPublicKey());

        var answer = await Hub.UnbanAsync(validatorId);

        Assert.Equal("active", answer.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Approve_BannedValidator_409SayingToUnban()
    {
        var validatorId = await RegisterOnceAsync(AgentProcess.NewPublicKey());
        await Hub.BanAsync(validatorId);

        var (status, body) = await Hub.SendAsync(HttpMethod.Post, $"api/validators/{validatorId}/approve");

        Assert.Equal(System.Net.HttpStatusCode.Conflict, status);
        Assert.Equal($"validator {validatorId} is banned; unban it (POST /api/validators/{validatorId}/unban) to let it register", body!.Value.GetProperty("detail").GetString());
        Assert.Equal("banned", (await Hub.ListedValidatorAsync(validatorId))!.Value.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Delete_ConnectedValidator_ClosedRowGoneAndItsNextRegisterIsANewRegistration()
    {
        var publicKey = AgentProcess.NewPublicKey();
        await using var client = await HubClient.ConnectAsync(Hub);
        var validatorId = (await client.RegisterAsync(publicKey)).ValidatorId;
        var createdAt = (await Hub.ListedValidatorAsync(validatorId))!.Value.GetProperty("createdAt").GetDateTime();

        var (status, _) = await Hub.SendAsync(HttpMethod.Delete, $"api/validators/{validatorId}");
        var (_, closeStatus, description) = await client.ReceiveUntilCloseAsync(_atOnce);

        Assert.Equal(System.Net.HttpStatusCode.NoContent, status);
        Assert.Equal((WebSocketCloseStatus.NormalClosure, "deleted by an operator"), (closeStatus, description));
        Assert.Null(await Hub.ListedValidatorAsync(validatorId));
        await RegisterOnceAsync(publicKey);
        var again = (await Hub.ListedValidatorAsync(validatorId))!.Value;
        Assert.True(again.GetProperty("createdAt").GetDateTime() > createdAt, $"the new row: {again}");
    }

    private static string AdminKeyName() =>
        "admin key " + AdminKeys.Fingerprint(SHA256.HashData(Encoding.UTF8.GetBytes(HubProcess.AdminKey)));

    /// <summary>Registers <paramref name="publicKey"/> on a connection of its own, then closes it; the validator's id.</summary>
    private async Task<Guid> RegisterOnceAsync(string publicKey)
    {
        await using var client = await HubClient.ConnectAsync(Hub);
        return (await client.RegisterAsync(publicKey)).ValidatorId;
    }
}
