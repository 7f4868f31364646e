using Uptime.Agent.Configuration;
using Uptime.Security;

namespace Uptime.Agent.Keys;

/// <summary>
/// The key that signs registrations and ticks: the one found at start, or, for an agent started with
/// VALIDATOR_PUBLIC_KEY alone, the key of that address once it appears where the agent looks
/// (<see cref="AgentOptions.KeySearch"/>), so the agent need not be restarted to use it.
/// </summary>
internal sealed class SigningKey(AgentOptions options, ILogger<SigningKey> logger)
{
    private volatile ValidatorKey? _key = options.Key;

    /// <summary>The key known now, without looking in files; null when there is none.</summary>
    public ValidatorKey? Current => _key;

    /// <summary>The key, looking in the key files again while there is none; null when there still is none.</summary>
    public ValidatorKey? Find()
    {
        if (_key is null && options.KeySearch is { } search)
        {
            _key = TryFind(search);
        }

        return _key;
    }

    private ValidatorKey? TryFind(KeyFileSearch search)
    {
        try
        {
            if (search.Find(out var path) is not { } key)
            {
                return null;
            }

            if (!search.IsThisAddress(key))
            {
                logger.KeyFileUnusable(path!, search.Address, $"it holds the key of {key.Address}");
                return null;
            }

            logger.KeyFound(search.Address, path!);
            return key;
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            logger.KeyFileUnusable(search.OwnFile!, search.Address, ExceptionMessages.Describe(e));
            return null;
        }
    }
}
