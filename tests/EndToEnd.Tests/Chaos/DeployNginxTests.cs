using System.Net;
using System.Net.WebSockets;
using System.Text;
using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests.Chaos;

/// <summary><c>deploy/nginx.conf</c>, kept for those who run nginx: validators' WebSockets and API calls pass through it.</summary>
[Collection(HubCollection.Name)]
public sealed class DeployNginxTests(DefaultHubFixture fixture) : IClassFixture<DefaultHubFixture>
{
    [Fact]
    public async Task ValidatorSocketAndApiCall_ThroughDeployNginx_ReachTheHub()
    {
        await using var nginx = await NginxProcess.StartAsync([fixture.Hub.Port]);
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await socket.ConnectAsync(new Uri(nginx.WebSocketUrl), timeout.Token);
        var buffer = new byte[4096];
        var first = await socket.ReceiveAsync(buffer, timeout.Token);
        using var websites = await nginx.Http.GetAsync("api/websites", timeout.Token);

        Assert.Contains("\"CHALLENGE\"", Encoding.UTF8.GetString(buffer, 0, first.Count), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, websites.StatusCode);
    }
}
