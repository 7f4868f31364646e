using System.Security.Cryptography;
using System.Text;

namespace Uptime.Grains;

/// <summary>
/// A validator's id is a name-based UUID (RFC 9562 version 5) of its lower-cased address, so every silo derives
/// the same id from a REGISTER without a database round trip, and one address can never get two ids.
/// </summary>
public static class ValidatorIds
{
    private static readonly Guid _namespace = new("5f0c8a52-3c1e-4b59-9a57-1d3f0e2a7c41");

    public static Guid FromPublicKey(string publicKey)
    {
        var name = Encoding.UTF8.GetBytes(publicKey.ToLowerInvariant());
        var input = new byte[16 + name.Length];
        _namespace.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input, 16);

        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
