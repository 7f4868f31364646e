using System.Net;
using System.Net.WebSockets;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Security;

namespace Uptime.EndToEnd.Tests.Security;

/// <summary>A real hub serving https and wss on HUB_PORT with a certificate the test made.</summary>
[Collection(HubCollection.Name)]
public sealed class TlsTests(TlsHubFixture fixture) : IClassFixture<TlsHubFixture>
{
    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task Wss_TrustingTheCertificate_RegistersAndHttpsServesHealth()
    {
        var key = ValidatorKey.Generate();
        Assert.Equal("wss", Hub.WebSocketAddress.Scheme);
        await using var client = await HubClient.ConnectAsync(Hub);

        await client.RegisterSignedAsync(key);

        await Hub.WaitForOnlineAsync(key.Address, TimeSpan.FromSeconds(10));
        using var health = await Hub.Http.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("https", health.RequestMessage?.RequestUri?.Scheme);
        Assert.Contains($"WebSocket endpoint: wss://localhost:{Hub.Port}", Hub.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Hub_NoValidatorAuth_WarnsAtStartUp()
    {
        // This hub runs with the end-to-end default VALIDATOR_AUTH=none.
        Assert.Contains("⚠️ VALIDATOR_AUTH=none: any client can register as any address", Hub.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wss_WithoutTrustingTheCertificate_HandshakeFails()
    {
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(HubClient.DefaultTimeout);

        var error = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(Hub.WebSocketAddress, timeout.Token));

        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task PlainWs_ToTheTlsPort_Refused()
    {
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(HubClient.DefaultTimeout);

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://127.0.0.1:{Hub.Port}/"), timeout.Token));
    }

    [Fact]
    public async Task Hub_CertificateFileMissing_ExitCode2NamingTheVariable()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"uptime-missing-{Guid.NewGuid():N}.pem");
        var environment = HubProcess.Environment($"postgresql://postgres@127.0.0.1:{FreePort.Next()}/uptime", FreePort.Next());
        environment["HUB_TLS_CERT_FILE"] = missing;

        await using var hub = ChildProcess.Start("hub", RepositoryLayout.HubDll, environment);
        var exited = await hub.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exited, $"the hub was still running{hub.Describe()}");
        Assert.True(hub.ExitCode == 2, $"exit code {hub.ExitCode}, expected 2{hub.Describe()}");
        var line = Assert.Single(hub.ErrorLines, l => l.Length > 0);
        Assert.StartsWith("❌", line, StringComparison.Ordinal);
        Assert.Contains($"HUB_TLS_CERT_FILE {missing} does not exist", line, StringComparison.Ordinal);
    }
}
