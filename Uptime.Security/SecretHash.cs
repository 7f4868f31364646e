using System.Security.Cryptography;
using System.Text;

namespace Uptime.Security;

/// <summary>Secrets (API keys, validator tokens) are configured as SHA-256 hashes and compared in constant time.</summary>
public static class SecretHash
{
    private const int HashLength = 32;

    /// <summary>Lowercase hex of SHA-256 over the UTF-8 bytes of <paramref name="secret"/>.</summary>
    public static string Sha256Hex(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>64 hex digits (any case) to the 32 hash bytes; otherwise a <see cref="FormatException"/>.</summary>
    public static byte[] ParseHash(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var bytes = new byte[HashLength];
        if (hex.Length != HashLength * 2
            || Convert.FromHexString(hex, bytes, out _, out _) != System.Buffers.OperationStatus.Done)
        {
            throw new FormatException($"A SHA-256 hash must be {HashLength * 2} hex digits, got {hex.Length} characters.");
        }

        return bytes;
    }

    /// <summary>True when SHA-256 of <paramref name="secret"/> equals one of <paramref name="hashes"/>; every hash is compared in full.</summary>
    public static bool Matches(string secret, IReadOnlyList<byte[]> hashes) => FindMatch(secret, hashes) is not null;

    /// <summary>
    /// The one of <paramref name="hashes"/> that SHA-256 of <paramref name="secret"/> equals, or null. Every hash is compared
    /// in full and in constant time, so the timing tells neither which hash matched nor how much of one.
    /// </summary>
    public static byte[]? FindMatch(string secret, IReadOnlyList<byte[]> hashes)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(hashes);
        Span<byte> hash = stackalloc byte[HashLength];
        SHA256.HashData(Encoding.UTF8.GetBytes(secret), hash);
        byte[]? matched = null;
        foreach (var candidate in hashes)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, candidate))
            {
                matched = candidate;
            }
        }

        return matched;
    }
}
