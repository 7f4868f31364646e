using Microsoft.Extensions.Logging;
using Uptime.Agent.Configuration;
using Uptime.Agent.Keys;
using Uptime.Agent.Tests.Infrastructure;
using Uptime.Protocol;
using Uptime.Security;

namespace Uptime.Agent.Tests.Hub;

/// <summary>An agent given VALIDATOR_PUBLIC_KEY and no key, as in the spec's examples, against the fake hub.</summary>
public sealed class KeylessRegistrationTests : FakeHubTest, IDisposable
{
    private const string SpecAddress = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

    private readonly string _keys = Directory.CreateTempSubdirectory("agent-keys-").FullName;

    private string KeyFile => Path.Combine(_keys, SpecAddress.ToLowerInvariant());

    public void Dispose() => Directory.Delete(_keys, recursive: true);

    [Fact]
    public async Task ExecuteAsync_NoKey_SendsAnUnsignedRegisterWithItsCapabilities()
    {
        await using var agent = await AgentHost.StartAsync(KeylessOptions());
        var connection = await Hub.NextConnectionAsync();

        var register = await connection.AcceptRegistrationAsync();

        Assert.Equal(new RegisterMessage(SpecAddress, "US-West California"), register with { Capabilities = null });
        Assert.Equal(
            """{"type":"REGISTER","payload":{"publicKey":"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed","location":"US-West California","capabilities":["http","tcp","dns"]}}""",
            System.Text.Encoding.UTF8.GetString(MessageWriter.ToUtf8(register)));
        await agent.Logs.WaitForAsync($"🔑 No private key for {SpecAddress} yet: REGISTER goes unsigned");
    }

    [Fact]
    public async Task ExecuteAsync_NoKeyAndHubWantsASignature_SaysOnceWhatToDoAndRetriesWithBackOff()
    {
        await using var agent = await AgentHost.StartAsync(KeylessOptions());

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await RefuseForWantOfASignatureAsync(await Hub.NextConnectionAsync());
        }

        await Hub.NextConnectionAsync();
        var errors = agent.Logs.Entries.Where(entry => entry.Level >= LogLevel.Warning).ToList();
        var error = Assert.Single(errors);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Equal(
            $"❌ The hub requires a signed registration and this agent has no private key for {SpecAddress}: set VALIDATOR_PRIVATE_KEY to "
            + $"its key, or put the key in {KeyFile}. Retrying with back-off, next in 0.2s",
            error.Message);
        Assert.Equal(
            [$"🔐 Still no private key for {SpecAddress}: retrying in 0.4s", $"🔐 Still no private key for {SpecAddress}: retrying in 0.8s"],
            agent.Logs.Entries.Select(entry => entry.Message).Where(line => line.StartsWith("🔐 Still no private key", StringComparison.Ordinal)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_keys));
    }

    [Fact]
    public async Task ExecuteAsync_KeyPutWhereTheAgentLooks_SignsTheNextRegistration()
    {
        var key = ValidatorKey.Generate();
        var options = KeylessOptions(key.Address);
        await using var agent = await AgentHost.StartAsync(options);
        await RefuseForWantOfASignatureAsync(await Hub.NextConnectionAsync());
        await agent.Logs.WaitForAsync("❌ The hub requires a signed registration");

        ValidatorKeyFile.Write(options.KeySearch!.OwnFile!, key);
        var connection = await Hub.NextConnectionAsync();
        var register = await connection.AcceptRegistrationAsync();

        Assert.True(key.PublicKey.Verify(SignedTexts.Registration(key.Address, "US-West California", connection.Nonce!), register.Signature!));
        await agent.Logs.WaitForAsync($"🔑 Found the key of {key.Address} in {options.KeySearch.OwnFile}: registrations are signed from now on");
    }

    [Fact]
    public async Task ExecuteAsync_KeyOfAnotherAddressWhereTheAgentLooks_WarnsAndStaysUnsigned()
    {
        var other = ValidatorKey.Generate();
        ValidatorKeyFile.Write(KeyFile, other);
        await using var agent = await AgentHost.StartAsync(KeylessOptions());
        var connection = await Hub.NextConnectionAsync();

        var register = await connection.AcceptRegistrationAsync();

        Assert.Null(register.Signature);
        var warning = await agent.Logs.WaitForAsync("⚠️ The key file ");
        Assert.Equal($"⚠️ The key file {KeyFile} cannot be used for {SpecAddress}: it holds the key of {other.Address}", warning.Message);
    }

    private static async Task RefuseForWantOfASignatureAsync(FakeHubConnection connection)
    {
        Assert.Null((await connection.ReceiveAsync<RegisterMessage>()).Signature);
        await connection.SendAsync(new ErrorMessage(ErrorCodes.InvalidSignature, "This hub requires signed registrations (VALIDATOR_AUTH=signature)"));
        await connection.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation, "registration refused");
    }

    private AgentOptions KeylessOptions(string address = SpecAddress)
    {
        var options = AgentHost.OptionsFor(Hub);
        options.AllowPrivateTargets = false;
        options.Key = null;
        options.PublicKey = address;
        options.Location = "US-West California";
        options.KeySearch = new KeyFileSearch(address, Path.Combine(_keys, address.ToLowerInvariant()), sharedFile: null);
        return options;
    }
}
