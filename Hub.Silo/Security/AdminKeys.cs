using System.Security.Cryptography;
using System.Text;

namespace Uptime.Hub.Security;

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

    /// <summary>
    /// The fingerprint of the configured key equal to <paramref name="key"/>, or null. Every configured hash is compared,
    /// each in constant time, so the answer's timing does not tell which or how much of a hash matched.
    /// </summary>
    public string? Match(string key)
    {
        Span<byte> candidate = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), candidate);
        byte[]? matched = null;
        foreach (var hash in _hashes)
        {
            if (CryptographicOperations.FixedTimeEquals(candidate, hash))
            {
                matched = hash;
            }
        }

        return matched is null ? null : Fingerprint(matched);
    }

    /// <summary>Whether <paramref name="fingerprint"/> names a key that is still configured.</summary>
    public bool IsCurrent(string fingerprint) => _fingerprints.Contains(fingerprint);

    public static string Fingerprint(byte[] hash) => Convert.ToHexStringLower(SHA256.HashData(hash))[..16];
}
