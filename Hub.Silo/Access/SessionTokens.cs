using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Uptime.Hub.Access;

/// <summary>
/// The value of the <c>uptime_session</c> cookie: <c>&lt;key fingerprint&gt;.&lt;expiry, Unix seconds&gt;.&lt;HMAC&gt;</c>, the
/// HMAC-SHA256 (base64url) over the first two parts under a secret every silo shares, so any silo accepts a session
/// another one issued without keeping session state.
/// </summary>
public sealed class SessionTokens(byte[] secret)
{
    private const int FingerprintLength = 16;

    public string Issue(string fingerprint, DateTimeOffset expires)
    {
        var payload = string.Create(CultureInfo.InvariantCulture, $"{fingerprint}.{expires.ToUnixTimeSeconds()}");
        return $"{payload}.{Base64Url.EncodeToString(Sign(payload))}";
    }

    /// <summary>The fingerprint of a well-formed, authentic, unexpired token; null for anything else.</summary>
    public string? Verify(string token, DateTimeOffset now)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0].Length != FingerprintLength || !parts[0].All(char.IsAsciiHexDigitLower)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return null;
        }

        byte[] mac;
        try
        {
            mac = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            return null;
        }

        var expected = Sign($"{parts[0]}.{parts[1]}");
        if (!CryptographicOperations.FixedTimeEquals(mac, expected) || expires <= now.ToUnixTimeSeconds())
        {
            return null;
        }

        return parts[0];
    }

    private byte[] Sign(string payload) => HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(payload));
}
