using System.Buffers.Binary;

namespace Uptime.Grains;

/// <summary>
/// A 64-bit hash of a website id that every silo and process computes alike: the id's last eight bytes, which are
/// random in both UUIDv4 and UUIDv7 (whose leading bytes are a timestamp).
/// </summary>
public static class WebsiteIdHash
{
    public static ulong Of(Guid websiteId)
    {
        Span<byte> bytes = stackalloc byte[16];
        websiteId.TryWriteBytes(bytes);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
    }
}
