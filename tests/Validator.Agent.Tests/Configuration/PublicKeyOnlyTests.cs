using Microsoft.Extensions.Configuration;
using Uptime.Agent.Configuration;
using Uptime.Agent.Tests.Infrastructure;
using Uptime.Security;

namespace Uptime.Agent.Tests.Configuration;

/// <summary>
/// VALIDATOR_PUBLIC_KEY without VALIDATOR_PRIVATE_KEY, as in the spec's examples: the agent starts with that address, uses
/// its key when one is where the agent looks, and never writes a key file.
/// </summary>
public sealed class PublicKeyOnlyTests : IDisposable
{
    private const string SpecAddress = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

    private readonly string _home = Directory.CreateTempSubdirectory("agent-home-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private string DefaultKeyFile => Path.Combine(_home, ".config", "uptime-validator", "key");

    private string AddressKeyFile(string address) => Path.Combine(_home, ".config", "uptime-validator", "keys", address.ToLowerInvariant());

    [Fact]
    public void TryRead_PublicKeyOnly_StartsWithThatAddressAndNoKeyAndWritesNothing()
    {
        var options = Read(new() { ["VALIDATOR_PUBLIC_KEY"] = SpecAddress, ["VALIDATOR_LOCATION"] = "US-West California" });

        Assert.Equal(SpecAddress, options.PublicKey);
        Assert.Null(options.Key);
        Assert.Equal(AddressKeyFile(SpecAddress), options.KeySearch?.OwnFile);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_home));
    }

    [Fact]
    public void TryRead_PublicKeyOnlyBesideTheDefaultKeyFileOfAnotherAddress_IgnoresThatFile()
    {
        var other = WriteKey(DefaultKeyFile);

        var options = Read(new() { ["VALIDATOR_PUBLIC_KEY"] = SpecAddress });

        Assert.Null(options.Key);
        Assert.Equal(other.ToHex() + "\n", File.ReadAllText(DefaultKeyFile));
    }

    [Fact]
    public void TryRead_PublicKeyWhoseKeyIsInItsOwnFile_UsesThatKey()
    {
        var key = ValidatorKey.Generate();
        WriteKey(AddressKeyFile(key.Address), key);

        var options = Read(new() { ["VALIDATOR_PUBLIC_KEY"] = key.Address.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal) });

        Assert.Equal(key.Address, options.Key?.Address);
    }

    [Fact]
    public void TryRead_PublicKeyWhoseKeyIsTheDefaultKeyFile_UsesThatKey()
    {
        var key = WriteKey(DefaultKeyFile);

        var options = Read(new() { ["VALIDATOR_PUBLIC_KEY"] = key.Address });

        Assert.Equal(key.Address, options.Key?.Address);
    }

    [Fact]
    public void TryRead_PublicKeyAndAMissingKeyFile_CreatesNoFile()
    {
        var path = Path.Combine(_home, "validator.key");

        var options = Read(new() { ["VALIDATOR_PUBLIC_KEY"] = SpecAddress, ["VALIDATOR_KEY_FILE"] = path });

        Assert.Null(options.Key);
        Assert.Equal(path, options.KeySearch?.OwnFile);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void TryRead_ItsOwnKeyFileHoldsAnotherKey_RefusesNamingTheFile()
    {
        var path = AddressKeyFile(SpecAddress);
        var other = WriteKey(path);

        Assert.False(AgentSettings.TryRead(Configuration(new() { ["VALIDATOR_PUBLIC_KEY"] = SpecAddress }), out _, out var error));

        Assert.Equal(
            $"VALIDATOR_PUBLIC_KEY is {SpecAddress}, but the key from key file {path} has the address {other.Address}; "
            + "unset VALIDATOR_PUBLIC_KEY or configure the matching key",
            error);
    }

    private static ValidatorKey WriteKey(string path, ValidatorKey? key = null)
    {
        key ??= ValidatorKey.Generate();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, key.ToHex() + "\n");
        return key;
    }

    private AgentOptions Read(Dictionary<string, string?> values)
    {
        Assert.True(AgentSettings.TryRead(Configuration(values), out var options, out var error), error);
        return options;
    }

    private IConfiguration Configuration(Dictionary<string, string?> values)
    {
        values.TryAdd("HOME", _home);
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
