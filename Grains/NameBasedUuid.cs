using System.Security.Cryptography;
using System.Text;

namespace Uptime.Grains;

/// <summary>Name-based UUIDs (RFC 9562 version 5: SHA-1 of a namespace and a name): the same name always gives the same id.</summary>
public static class NameBasedUuid
{
    public static Guid Create(Guid nameSpace, string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + bytes.Length];
        nameSpace.TryWriteBytes(input, bigEndian: true, out _);
        bytes.CopyTo(input, 16);

        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
