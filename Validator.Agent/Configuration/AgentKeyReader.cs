using Uptime.Agent.Keys;
using Uptime.Protocol;

namespace Uptime.Agent.Configuration;

/// <summary>
/// Finds the validator's identity, in this order. VALIDATOR_PRIVATE_KEY: that key. VALIDATOR_PUBLIC_KEY: that address,
/// with its key when one is where the agent looks (<see cref="KeyFileSearch"/>), else none yet; no file is written. Neither:
/// the key file (VALIDATOR_KEY_FILE, default <c>$HOME/.config/uptime-validator/key</c>), created with a new key on first
/// run and held by this agent alone while it runs, so two agents on one machine cannot silently be one validator.
/// Messages never contain the key.
/// </summary>
internal static class AgentKeyReader
{
    public const string HomeVariable = "HOME";

    public static readonly string DefaultKeyFileUnderHome = Path.Combine(".config", "uptime-validator", "key");

    public static readonly string AddressKeyDirectoryUnderHome = Path.Combine(".config", "uptime-validator", "keys");

    /// <summary>
    /// Sets the key-related properties of <paramref name="options"/> unless VALIDATOR_PRIVATE_KEY gave the key;
    /// <paramref name="home"/> is the user's home directory, if known. Returns the problem, or null.
    /// </summary>
    public static string? TryRead(AgentOptions options, string? home)
    {
        if (options.Key is not null)
        {
            return null;
        }

        home = string.IsNullOrWhiteSpace(home) ? null : home;
        return options.IsPublicKeyGiven
            ? TryFindKeyOf(options.PublicKey, options.KeyFile, home, options)
            : TryHoldKeyFile(options.KeyFile ?? DefaultKeyFile(home), options);
    }

    /// <summary>Where <c>keygen</c> stores a key and an agent given only <paramref name="address"/> looks for it; null without a home.</summary>
    public static string? AddressKeyFile(string? home, string address) =>
        home is null ? null : Path.Combine(home, AddressKeyDirectoryUnderHome, address.ToLowerInvariant());

    /// <summary>
    /// A key found in the address's own file is taken whatever its address, so that a wrong one stops the start
    /// (<see cref="AgentOptionsValidator"/> names both addresses).
    /// </summary>
    private static string? TryFindKeyOf(string publicKey, string? keyFile, string? home, AgentOptions options)
    {
        if (!EthereumAddress.IsValid(publicKey))
        {
            // AgentOptionsValidator names the problem.
            return null;
        }

        var search = new KeyFileSearch(publicKey, keyFile ?? AddressKeyFile(home, publicKey), keyFile is null ? DefaultKeyFile(home) : null);
        options.KeySearch = search;
        try
        {
            if (search.Find(out var path) is { } key)
            {
                options.Key = key;
                options.KeySource = $"key file {path}";
            }

            return null;
        }
        catch (FormatException e)
        {
            return $"{AgentOptions.KeyFileVariable}: {e.Message}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"{AgentOptions.KeyFileVariable}: could not read the key file {search.OwnFile}: {ExceptionMessages.Describe(e)}";
        }
    }

    private static string? TryHoldKeyFile(string? path, AgentOptions options)
    {
        if (path is null)
        {
            return $"Set {AgentOptions.PublicKeyVariable}, {AgentOptions.PrivateKeyVariable} or {AgentOptions.KeyFileVariable}: "
                + $"{HomeVariable} is not set, so there is no default key file";
        }

        options.KeySource = $"key file {path}";
        try
        {
            var (key, held, created) = ValidatorKeyFile.OpenExclusive(path);
            options.Key = key;
            options.KeyFileLock = held;
            options.CreatedKeyFile = created ? path : null;
            return null;
        }
        catch (IOException e) when (ValidatorKeyFile.IsHeldElsewhere(e))
        {
            return $"The key file {path} is in use by another agent on this machine, and two agents with one key would be one validator "
                + $"that the hub switches between: give this agent a key of its own with {AgentOptions.KeyFileVariable} (another file), "
                + $"{AgentOptions.PrivateKeyVariable}, or {AgentOptions.PublicKeyVariable} and its key (see the keygen command)";
        }
        catch (FormatException e)
        {
            return $"{AgentOptions.KeyFileVariable}: {e.Message}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"{AgentOptions.KeyFileVariable}: could not read or create the key file {path}: {ExceptionMessages.Describe(e)}";
        }
    }

    private static string? DefaultKeyFile(string? home) => home is null ? null : Path.Combine(home, DefaultKeyFileUnderHome);
}
