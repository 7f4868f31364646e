using Uptime.Agent.Tests.Infrastructure;

namespace Uptime.Agent.Tests.Hub;

/// <summary>wss:// to a hub whose certificate a test-made CA issued: trusted through AGENT_CA_FILE only.</summary>
public sealed class HubTlsTests
{
    [Fact]
    public async Task ExecuteAsync_CaTrusted_ConnectsOverWssAndRegisters()
    {
        using var certificates = TestCertificates.Create();
        await using var hub = await FakeHub.StartAsync(certificate: certificates.Server);
        var options = AgentHost.OptionsFor(hub);
        options.TrustedCertificates = [certificates.Authority];
        await using var agent = await AgentHost.StartAsync(options);

        var connection = await hub.NextConnectionAsync();
        var register = await connection.AcceptRegistrationAsync();

        Assert.StartsWith("wss://127.0.0.1:", hub.Url, StringComparison.Ordinal);
        Assert.Equal(options.PublicKey, register.PublicKey);
        await agent.Logs.WaitForAsync("✅ Registration successful");
    }

    [Fact]
    public async Task ExecuteAsync_CaNotTrusted_RefusesTheHub()
    {
        using var certificates = TestCertificates.Create();
        await using var hub = await FakeHub.StartAsync(certificate: certificates.Server);
        await using var agent = await AgentHost.StartAsync(AgentHost.OptionsFor(hub));

        var failure = await agent.Logs.WaitForAsync("⚠️ Could not connect to hub: ");

        Assert.Contains("The remote certificate is invalid because of errors in the certificate chain", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, hub.ConnectionCount);
    }

    [Fact]
    public async Task ExecuteAsync_CaTrustedButNameMismatch_RefusesTheHub()
    {
        using var certificates = TestCertificates.Create(forLoopback: false);
        await using var hub = await FakeHub.StartAsync(certificate: certificates.Server);
        var options = AgentHost.OptionsFor(hub);
        options.TrustedCertificates = [certificates.Authority];
        await using var agent = await AgentHost.StartAsync(options);

        await agent.Logs.WaitForAsync("⚠️ Could not connect to hub: ");

        Assert.Equal(0, hub.ConnectionCount);
        Assert.DoesNotContain(agent.Logs.Entries, entry => entry.Message.StartsWith("✅ Connected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_OtherCaTrusted_RefusesTheHub()
    {
        using var certificates = TestCertificates.Create();
        using var unrelated = TestCertificates.Create();
        await using var hub = await FakeHub.StartAsync(certificate: certificates.Server);
        var options = AgentHost.OptionsFor(hub);
        options.TrustedCertificates = [unrelated.Authority];
        await using var agent = await AgentHost.StartAsync(options);

        await agent.Logs.WaitForAsync("⚠️ Could not connect to hub: ");

        Assert.Equal(0, hub.ConnectionCount);
    }
}
