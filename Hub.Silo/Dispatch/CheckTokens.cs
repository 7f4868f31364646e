using System.Buffers.Binary;
using System.Security.Cryptography;
using Uptime.Protocol;

namespace Uptime.Hub.Dispatch;

/// <summary>
/// Issues and verifies the <see cref="CheckToken"/> of each check sent to a validator. The tick id in a token is an
/// HMAC-SHA256 (key shared by all silos, <see cref="SecretName"/>) over the website, the validator and the due time,
/// stamped as an RFC 9562 version-8 UUID: only the hub can make one, any silo can check one, and every answer to one
/// check of one validator is stored under the same id, so PostgreSQL keeps at most one.
/// </summary>
public sealed class CheckTokens(byte[] key)
{
    public const string SecretName = "check_hmac";

    private const int InputLength = 16 + 16 + 8;

    public CheckToken Issue(Guid websiteId, Guid validatorId, DateTime dueAt) => new(dueAt, TickId(websiteId, validatorId, dueAt));

    /// <summary>Whether the hub issued <paramref name="token"/> for this website to this validator.</summary>
    public bool IsIssued(CheckToken token, Guid websiteId, Guid validatorId)
    {
        Span<byte> expected = stackalloc byte[16];
        Span<byte> presented = stackalloc byte[16];
        TickId(websiteId, validatorId, token.DueAt).TryWriteBytes(expected, bigEndian: true, out _);
        token.TickId.TryWriteBytes(presented, bigEndian: true, out _);
        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }

    /// <summary>The id the tick answering this validator's check of this website, due at <paramref name="dueAt"/>, is stored under.</summary>
    public Guid TickId(Guid websiteId, Guid validatorId, DateTime dueAt)
    {
        Span<byte> input = stackalloc byte[InputLength];
        websiteId.TryWriteBytes(input, bigEndian: true, out _);
        validatorId.TryWriteBytes(input[16..], bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(input[32..], dueAt.Ticks);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, input, mac);
        mac[6] = (byte)((mac[6] & 0x0F) | 0x80);
        mac[8] = (byte)((mac[8] & 0x3F) | 0x80);
        return new Guid(mac[..16], bigEndian: true);
    }
}
