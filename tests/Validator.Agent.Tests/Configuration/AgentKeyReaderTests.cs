using Microsoft.Extensions.Configuration;
using Uptime.Agent.Configuration;
using Uptime.Agent.Keys;
using Uptime.Agent.Tests.Infrastructure;
using Uptime.Security;

namespace Uptime.Agent.Tests.Configuration;

public sealed class AgentKeyReaderTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("agent-home-").FullName;
    private readonly List<AgentOptions> _read = [];

    public void Dispose()
    {
        _read.ForEach(options => options.KeyFileLock?.Dispose());
        Directory.Delete(_home, recursive: true);
    }

    [Fact]
    public void TryRead_PrivateKeySet_DerivesAddressAndTouchesNoFile()
    {
        var key = ValidatorKey.Generate();

        var options = Read(new() { ["VALIDATOR_PRIVATE_KEY"] = key.ToHex()[2..].ToUpperInvariant() });

        Assert.Equal(key.Address, options.Key?.Address);
        Assert.Equal(key.Address, options.PublicKey);
        Assert.Equal("VALIDATOR_PRIVATE_KEY", options.KeySource);
        Assert.Null(options.CreatedKeyFile);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_home));
    }

    [Fact]
    public void TryRead_NoKeyConfigured_CreatesOwnerOnlyKeyFileUnderHomeAndReusesIt()
    {
        var path = Path.Combine(_home, ".config", "uptime-validator", "key");

        var first = Read([]);
        first.KeyFileLock!.Dispose();
        var second = Read([]);
        second.KeyFileLock!.Dispose();

        Assert.Equal(path, first.CreatedKeyFile);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Null(second.CreatedKeyFile);
        Assert.Equal(first.Key!.Address, second.Key!.Address);
        Assert.Equal(first.Key.ToHex() + "\n", File.ReadAllText(path));
        Assert.Equal($"key file {path}", second.KeySource);
    }

    [Fact]
    public void TryRead_KeyFileSet_UsesThatFile()
    {
        var path = Path.Combine(_home, "elsewhere", "validator.key");

        var options = Read(new() { ["VALIDATOR_KEY_FILE"] = path });
        options.KeyFileLock!.Dispose();

        Assert.Equal(path, options.CreatedKeyFile);
        Assert.Equal(options.Key!.Address, ValidatorKeyFile.TryRead(path)?.Address);
        Assert.False(Directory.Exists(Path.Combine(_home, ".config")));
    }

    [Fact]
    public void TryRead_BothSet_PrivateKeyWinsAndNoFileIsCreated()
    {
        var key = ValidatorKey.Generate();
        var path = Path.Combine(_home, "validator.key");

        var options = Read(new() { ["VALIDATOR_PRIVATE_KEY"] = key.ToHex(), ["VALIDATOR_KEY_FILE"] = path });

        Assert.Equal(key.Address, options.PublicKey);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void TryRead_PublicKeyMatchesInAnotherCase_SendsItAsWritten()
    {
        var key = ValidatorKey.Generate();
        var upper = "0x" + key.Address[2..].ToUpperInvariant();

        var options = Read(new() { ["VALIDATOR_PRIVATE_KEY"] = key.ToHex(), ["VALIDATOR_PUBLIC_KEY"] = upper });

        Assert.Equal(upper, options.PublicKey);
        Assert.Equal(key.Address, options.Key?.Address);
    }

    [Fact]
    public void TryRead_PublicKeyOfAnotherKey_RefusesNamingBothAddresses()
    {
        var key = ValidatorKey.Generate();
        var other = ValidatorKey.Generate().Address;

        var error = Refused(new() { ["VALIDATOR_PRIVATE_KEY"] = key.ToHex(), ["VALIDATOR_PUBLIC_KEY"] = other });

        Assert.Equal(
            $"VALIDATOR_PUBLIC_KEY is {other}, but the key from VALIDATOR_PRIVATE_KEY has the address {key.Address}; "
            + "unset VALIDATOR_PUBLIC_KEY or configure the matching key",
            error);
    }

    [Fact]
    public void TryRead_PublicKeyDisagreesWithKeyFile_NamesTheFile()
    {
        var path = Path.Combine(_home, "validator.key");
        var key = ValidatorKey.Generate();
        ValidatorKeyFile.Write(path, key);
        var other = ValidatorKey.Generate().Address;

        var error = Refused(new() { ["VALIDATOR_KEY_FILE"] = path, ["VALIDATOR_PUBLIC_KEY"] = other });

        Assert.Equal(
            $"VALIDATOR_PUBLIC_KEY is {other}, but the key from key file {path} has the address {key.Address}; "
            + "unset VALIDATOR_PUBLIC_KEY or configure the matching key",
            error);
    }

    [Theory]
    [InlineData("0x1234", "VALIDATOR_PRIVATE_KEY is not a valid private key: A private key must be 64 hex digits (optionally prefixed with 0x), got 4.")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000001", "VALIDATOR_PRIVATE_KEY is not a valid private key: A private key must contain only hex digits.")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", "VALIDATOR_PRIVATE_KEY is not a valid private key: A private key must be at least 1 and below the secp256k1 group order.")]
    public void TryRead_BadPrivateKey_ExplainsWithoutEchoingIt(string value, string expected)
    {
        var error = Refused(new() { ["VALIDATOR_PRIVATE_KEY"] = value });

        Assert.Equal(expected, error);
        Assert.DoesNotContain(value, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_KeyFileWithGarbage_NamesTheFile()
    {
        var path = Path.Combine(_home, "validator.key");
        File.WriteAllText(path, "not a key\n");

        var error = Refused(new() { ["VALIDATOR_KEY_FILE"] = path });

        Assert.Equal(
            $"VALIDATOR_KEY_FILE: Key file {path} does not hold a valid private key: "
            + "A private key must be 64 hex digits (optionally prefixed with 0x), got 9.",
            error);
    }

    [Fact]
    public void TryRead_NoKeyAndNoHome_AsksForOne()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([]).Build();

        Assert.False(AgentSettings.TryRead(configuration, out _, out var error));

        Assert.Equal("Set VALIDATOR_PUBLIC_KEY, VALIDATOR_PRIVATE_KEY or VALIDATOR_KEY_FILE: HOME is not set, so there is no default key file", error);
    }

    private AgentOptions Read(Dictionary<string, string?> values)
    {
        Assert.True(AgentSettings.TryRead(Configuration(values), out var options, out var error), error);
        _read.Add(options);
        return options;
    }

    private string Refused(Dictionary<string, string?> values)
    {
        Assert.False(AgentSettings.TryRead(Configuration(values), out var options, out var error));
        Assert.Null(options);
        return error;
    }

    private IConfiguration Configuration(Dictionary<string, string?> values)
    {
        values.TryAdd("HOME", _home);
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
