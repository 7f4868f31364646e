using System.Net.WebSockets;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Protocol;
using Uptime.Security;

namespace Uptime.EndToEnd.Tests.Security;

/// <summary>Token mode (<c>VALIDATOR_AUTH=token</c>) of a real hub: the bearer token on the upgrade decides.</summary>
[Collection(HubCollection.Name)]
public sealed class ValidatorTokenTests(TokenHubFixture fixture) : IClassFixture<TokenHubFixture>
{
    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task Register_WithTheRightToken_RegisteredWithoutSignature()
    {
        var key = ValidatorKey.Generate();
        await using var client = await HubClient.ConnectAsync(Hub, configure: o => o.SetRequestHeader("Authorization", $"Bearer {TokenHubFixture.Token}"));

        await client.RegisterAsync(key.Address);

        Assert.False(client.Challenge.RequireSignedTicks);
        await Hub.WaitForOnlineAsync(key.Address, TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(null, "requires a validator token")]
    [InlineData("Bearer wrong-e2e-token", "not one this hub accepts")]
    [InlineData("Basic ZTJlOnRva2Vu", "requires a validator token")]
    public async Task Register_WithoutTheRightToken_UnauthorizedAndClosedWith1008(string? authorization, string reason)
    {
        var key = ValidatorKey.Generate();
        await using var client = await HubClient.ConnectAsync(Hub, configure: o =>
        {
            if (authorization is not null)
            {
                o.SetRequestHeader("Authorization", authorization);
            }
        });

        // Even a correct signature does not replace the token.
        await client.SendAsync(client.SignedRegister(key));

        var error = await client.ReceiveAsync<ErrorMessage>();
        Assert.Equal(ErrorCodes.Unauthorized, error.Code);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, (await client.WaitForCloseAsync(TimeSpan.FromSeconds(10))).Status);
        Assert.Null(await Hub.Database.ValidatorAsync(key.Address));
        Assert.DoesNotContain("wrong-e2e-token", Hub.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(TokenHubFixture.Token, Hub.Process.Output, StringComparison.Ordinal);
    }
}
