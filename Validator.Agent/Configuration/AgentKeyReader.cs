using Uptime.Security;

namespace Uptime.Agent.Configuration;

/// <summary>
/// Finds the validator's key: VALIDATOR_PRIVATE_KEY, else the key file (VALIDATOR_KEY_FILE, default
/// <c>$HOME/.config/uptime-validator/key</c>), which is created with a new key on first run. Messages never contain the key.
/// </summary>
internal static class AgentKeyReader
{
    public const string HomeVariable = "HOME";

    public static readonly string DefaultKeyFileUnderHome = Path.Combine(".config", "uptime-validator", "key");

    /// <summary>Reads or creates the key; returns the problem, or null. <paramref name="createdFile"/> is the key file created now, if any.</summary>
    public static string? TryRead(IConfiguration configuration, out ValidatorKey? key, out string source, out string? createdFile)
    {
        key = null;
        createdFile = null;
        if (configuration[AgentEnvironmentVariables.PrivateKey] is { } hex && !string.IsNullOrWhiteSpace(hex))
        {
            source = AgentEnvironmentVariables.PrivateKey;
            try
            {
                key = ValidatorKey.FromHex(hex.Trim());
                return null;
            }
            catch (FormatException e)
            {
                return $"{AgentEnvironmentVariables.PrivateKey} is not a valid private key: {e.Message}";
            }
        }

        var path = configuration[AgentEnvironmentVariables.KeyFile] is { } configured && !string.IsNullOrWhiteSpace(configured)
            ? configured.Trim()
            : DefaultKeyFile(configuration);
        source = path is null ? AgentEnvironmentVariables.KeyFile : $"key file {path}";
        if (path is null)
        {
            return $"Set {AgentEnvironmentVariables.PrivateKey} or {AgentEnvironmentVariables.KeyFile}: {HomeVariable} is not set, so there is no default key file";
        }

        try
        {
            key = ValidatorKey.LoadOrCreate(path, out var created);
            createdFile = created ? path : null;
            return null;
        }
        catch (FormatException e)
        {
            return $"{AgentEnvironmentVariables.KeyFile}: {e.Message}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"{AgentEnvironmentVariables.KeyFile}: could not read or create the key file {path}: {ExceptionMessages.Describe(e)}";
        }
    }

    private static string? DefaultKeyFile(IConfiguration configuration) =>
        configuration[HomeVariable] is { } home && !string.IsNullOrWhiteSpace(home) ? Path.Combine(home, DefaultKeyFileUnderHome) : null;
}
