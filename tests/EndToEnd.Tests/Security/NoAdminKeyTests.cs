using System.Net;
using Uptime.EndToEnd.Tests.Infrastructure;
using static Uptime.EndToEnd.Tests.Security.AccessHttp;

namespace Uptime.EndToEnd.Tests.Security;

/// <summary>Outside Development, a hub without any admin key refuses every write with 403 saying how to configure one.</summary>
[Collection(HubCollection.Name)]
public sealed class NoAdminKeyTests(NoKeyHubFixture fixture) : IClassFixture<NoKeyHubFixture>
{
    [Fact]
    public async Task Write_NoKeyConfigured_403ExplainsHubAdminKeyHashes()
    {
        using var client = Anonymous(fixture.Hub.Http);

        var (status, body, _) = await SendAsync(client, Request(HttpMethod.Post, "api/websites", WebsiteBody, bearer: HubProcess.AdminKey));
        var (login, _, _) = await SendAsync(client, Request(HttpMethod.Post, "api/session", """{"key":"anything"}"""));
        var (read, _, _) = await SendAsync(client, Request(HttpMethod.Get, "api/websites"));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("No admin key is configured", body!.Value.GetProperty("title").GetString());
        Assert.Contains("HUB_ADMIN_KEY_HASHES", body.Value.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, login);
        Assert.Equal(HttpStatusCode.OK, read);
        Assert.Contains("No admin key configured (HUB_ADMIN_KEY_HASHES): REST writes are refused", fixture.Hub.Diagnostics, StringComparison.Ordinal);
    }
}

/// <summary>In Development, a hub without any admin key leaves writes open and says so in its log.</summary>
[Collection(HubCollection.Name)]
public sealed class DevelopmentNoAdminKeyTests(DevelopmentNoKeyHubFixture fixture) : IClassFixture<DevelopmentNoKeyHubFixture>
{
    [Fact]
    public async Task Write_DevelopmentWithoutKey_OpenAndWarned()
    {
        using var client = Anonymous(fixture.Hub.Http);

        var (status, _, _) = await SendAsync(client, Request(HttpMethod.Post, "api/websites", WebsiteBody));
        var (_, session, _) = await SendAsync(client, Request(HttpMethod.Get, "api/session"));

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.True(session!.Value.GetProperty("writesOpen").GetBoolean());
        Assert.Contains("REST writes are open to anyone", fixture.Hub.Diagnostics, StringComparison.Ordinal);
    }
}
