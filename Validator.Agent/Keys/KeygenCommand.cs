using Uptime.Agent.Configuration;
using Uptime.Security;

namespace Uptime.Agent.Keys;

/// <summary>
/// <c>keygen [path]</c>: makes a new validator key, stores it in a new file (mode 0600; by default
/// <c>~/.config/uptime-validator/keys/&lt;address&gt;</c>, where an agent given that VALIDATOR_PUBLIC_KEY looks for it)
/// and prints its address alone on standard output, so <c>ADDRESS=$(… keygen)</c> works. Never overwrites a file.
/// </summary>
internal static class KeygenCommand
{
    public const string Name = "keygen";

    public const string Usage = "Usage: dotnet Uptime.Validator.Agent.dll keygen [path]";

    /// <summary>Runs the command with the arguments after its name; returns the exit code (2: nothing was stored).</summary>
    public static int Run(IReadOnlyList<string> arguments, string? home, TextWriter output, TextWriter error)
    {
        if (arguments.Count > 1)
        {
            error.WriteLine(Usage);
            return 2;
        }

        var key = ValidatorKey.Generate();
        var path = arguments.Count == 1 ? arguments[0] : AgentKeyReader.AddressKeyFile(home, key.Address);
        if (path is null)
        {
            error.WriteLine($"{Name}: {AgentKeyReader.HomeVariable} is not set, so there is no default place for the key: give a path. {Usage}");
            return 2;
        }

        if (File.Exists(path))
        {
            error.WriteLine($"{Name}: {path} already exists; keygen never overwrites a key");
            return 2;
        }

        try
        {
            ValidatorKeyFile.Write(path, key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"{Name}: could not store the key in {path}: {ExceptionMessages.Describe(e)}");
            return 2;
        }

        output.WriteLine(key.Address);
        var start = arguments.Count == 1
            ? $"{AgentOptions.KeyFileVariable}={path}"
            : $"{AgentOptions.PublicKeyVariable}={key.Address}";
        error.WriteLine($"Stored the key of {key.Address} in {path} (mode 0600): start the agent with {start}");
        return 0;
    }
}
