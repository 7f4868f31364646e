using System.Security.Cryptography;
using Uptime.Security;

namespace Uptime.Hub.Access;

/// <summary>
/// The configured admin API keys, known only by their SHA-256 hashes. A key is identified in session cookies by its
/// fingerprint (the first 16 hex digits of the SHA-256 of its hash), so removing a hash from the configuration also
/// ends every session logged in with that key.
/// </summary>
public sealed class AdminKeys
{
    private readonly IReadOnlyList<byte[]> _hashes;
    private readonly HashSet<string> _fingerprints;

    public AdminKeys(IReadOnlyList<byte[]> hashes)
    {
        _hashes = hashes;
        _fingerprints = [.. hashes.Select(Fingerprint)];
    }

    public bool IsConfigured => _hashes.Count > 0;

    /// <summary>The fingerprint of the configured key equal to <paramref name="key"/>, or null (see <see cref="SecretHash.FindMatch"/>).</summary>
    public string? Match(string key) => SecretHash.FindMatch(key, _hashes) is { } hash ? Fingerprint(hash) : null;

    /// <summary>Whether <paramref name="fingerprint"/> names a key that is still configured.</summary>
    public bool IsCurrent(string fingerprint) => _fingerprints.Contains(fingerprint);

    public static string Fingerprint(byte[] hash) => Convert.ToHexStringLower(SHA256.HashData(hash))[..16];
}
