using Uptime.Agent.Tests.Infrastructure;
using Uptime.Protocol;
using Uptime.Security;

namespace Uptime.Agent.Tests;

/// <summary><c>dotnet Uptime.Validator.Agent.dll keygen [path]</c>: a new validator key, its address printed.</summary>
public sealed class KeygenTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("agent-keygen-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public async Task Keygen_NoPath_PrintsTheAddressAndStoresTheKeyWhereTheAgentLooksForIt()
    {
        var (exitCode, stdout, stderr) = await AgentProgram.RunAsync(["keygen"], [], _home);

        Assert.Equal(0, exitCode);
        var address = stdout.TrimEnd();
        Assert.True(EthereumAddress.IsValid(address), $"stdout is not an address: \"{stdout}\"");
        var path = Path.Combine(_home, ".config", "uptime-validator", "keys", address);
        Assert.Equal(address, ValidatorKey.FromHex(File.ReadAllText(path).Trim()).Address);
        AssertOwnerOnly(path);
        Assert.Equal($"Stored the key of {address} in {path} (mode 0600): start the agent with VALIDATOR_PUBLIC_KEY={address}", stderr.TrimEnd());
    }

    [Fact]
    public async Task Keygen_Path_StoresTheKeyThere()
    {
        var path = Path.Combine(_home, "validators", "eu.key");

        var (exitCode, stdout, stderr) = await AgentProgram.RunAsync(["keygen", path], [], _home);

        Assert.Equal(0, exitCode);
        var address = stdout.TrimEnd();
        Assert.Equal(address, ValidatorKey.FromHex(File.ReadAllText(path).Trim()).Address);
        AssertOwnerOnly(path);
        Assert.Equal($"Stored the key of {address} in {path} (mode 0600): start the agent with VALIDATOR_KEY_FILE={path}", stderr.TrimEnd());
    }

    [Fact]
    public async Task Keygen_ExistingFile_RefusesAndKeepsIt()
    {
        var path = Path.Combine(_home, "taken.key");
        File.WriteAllText(path, "kept\n");

        var (exitCode, stdout, stderr) = await AgentProgram.RunAsync(["keygen", path], [], _home);

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.Equal($"keygen: {path} already exists; keygen never overwrites a key", stderr.TrimEnd());
        Assert.Equal("kept\n", File.ReadAllText(path));
    }

    [Fact]
    public async Task Keygen_TooManyArguments_PrintsUsage()
    {
        var (exitCode, stdout, stderr) = await AgentProgram.RunAsync(["keygen", "a", "b"], [], _home);

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.Equal("Usage: dotnet Uptime.Validator.Agent.dll keygen [path]", stderr.TrimEnd());
    }

    private static void AssertOwnerOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }
}
