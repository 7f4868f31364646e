using Uptime.Security;

namespace Uptime.Agent.Keys;

/// <summary>
/// Where an agent given VALIDATOR_PUBLIC_KEY without VALIDATOR_PRIVATE_KEY looks for that address's key: its own file
/// (VALIDATOR_KEY_FILE when set, else <c>~/.config/uptime-validator/keys/&lt;address in lower case&gt;</c>, where
/// <c>keygen</c> stores keys), then the default key file, which counts only when it holds this address's key. Nothing is
/// ever written.
/// </summary>
internal sealed class KeyFileSearch(string address, string? ownFile, string? sharedFile)
{
    /// <summary>The address whose key is looked for, as configured.</summary>
    public string Address => address;

    /// <summary>The file the key belongs in, for messages; null when there is none (HOME and VALIDATOR_KEY_FILE unset).</summary>
    public string? OwnFile => ownFile;

    /// <summary>
    /// The key in the own file when it exists (whatever its address: the caller compares), else the default key file's
    /// key when it is this address's; null when neither. <paramref name="path"/> is where the key was found.
    /// </summary>
    /// <exception cref="FormatException">The own file holds no key; the message names it.</exception>
    public ValidatorKey? Find(out string? path)
    {
        if (ownFile is not null && ValidatorKeyFile.TryRead(ownFile) is { } own)
        {
            path = ownFile;
            return own;
        }

        if (sharedFile is not null && TryReadShared(sharedFile) is { } shared && IsThisAddress(shared))
        {
            path = sharedFile;
            return shared;
        }

        path = null;
        return null;
    }

    /// <summary>Whether <paramref name="key"/> is the key of <see cref="Address"/> (addresses compare in any case).</summary>
    public bool IsThisAddress(ValidatorKey key) => string.Equals(key.Address, address, StringComparison.OrdinalIgnoreCase);

    /// <summary>The default key file may belong to another agent and hold anything; what it cannot give is skipped.</summary>
    private static ValidatorKey? TryReadShared(string path)
    {
        try
        {
            return ValidatorKeyFile.TryRead(path);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
