using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;

namespace Uptime.Protocol;

/// <summary>
/// Our extension: what the hub puts in each CHECK_WEBSITE entry as <c>checkToken</c> and a validator echoes in the
/// TICK_RESULT that answers it. It is the check's due time and the id the answering tick is stored under (16 bytes the
/// hub derives from a secret, the website, the validator and the due time), so the hub can tell, on any silo, that it
/// sent this check to this validator, and a check is stored at most once however often its answer is sent.
/// Encoded as 32 base64url characters: 8 bytes of due time (.NET ticks, big-endian), then the tick id (RFC 9562 order).
/// </summary>
public readonly record struct CheckToken(DateTime DueAt, Guid TickId)
{
    public const int Length = 32;
    private const int ByteLength = 24;

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        BinaryPrimitives.WriteInt64BigEndian(bytes, DueAt.Ticks);
        TickId.TryWriteBytes(bytes[8..], bigEndian: true, out _);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out CheckToken token)
    {
        token = default;
        Span<byte> bytes = stackalloc byte[ByteLength];
        if (text is not { Length: Length }
            || Base64Url.DecodeFromChars(text, bytes, out _, out var written) != OperationStatus.Done
            || written != ByteLength)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        token = new CheckToken(new DateTime(ticks, DateTimeKind.Utc), new Guid(bytes[8..], bigEndian: true));
        return true;
    }
}
