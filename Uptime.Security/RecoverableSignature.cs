using Org.BouncyCastle.Math;

namespace Uptime.Security;

/// <summary>A parsed personal_sign signature r‖s‖v: 65 bytes, v = 27/28 (0/1 accepted), 0 &lt; r &lt; n, 0 &lt; s ≤ n/2.</summary>
internal readonly record struct RecoverableSignature(BigInteger R, BigInteger S, int RecoveryId)
{
    public const int Length = 65;

    /// <summary>Null when <paramref name="hex"/> is a well-formed signature; otherwise why it is not.</summary>
    public static string? TryParse(string? hex, out RecoverableSignature signature)
    {
        signature = default;
        if (string.IsNullOrEmpty(hex))
        {
            return "signature is empty";
        }

        var digits = hex.AsSpan();
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            digits = digits[2..];
        }

        if (digits.Length != Length * 2)
        {
            return $"signature must be {Length} bytes ({Length * 2} hex digits), got {digits.Length} hex digits";
        }

        Span<byte> bytes = stackalloc byte[Length];
        if (Convert.FromHexString(digits, bytes, out _, out _) != System.Buffers.OperationStatus.Done)
        {
            return "signature is not hexadecimal";
        }

        var v = bytes[64];
        int recoveryId;
        if (v is 27 or 28)
        {
            recoveryId = v - 27;
        }
        else if (v is 0 or 1)
        {
            recoveryId = v;
        }
        else
        {
            return $"signature v must be 27 or 28, got {v}";
        }

        var r = Secp256k1.ToInteger(bytes[..32]);
        if (r.SignValue == 0 || r.CompareTo(Secp256k1.N) >= 0)
        {
            return "signature r is out of range";
        }

        var s = Secp256k1.ToInteger(bytes[32..64]);
        if (s.SignValue == 0 || s.CompareTo(Secp256k1.N) >= 0)
        {
            return "signature s is out of range";
        }

        if (s.CompareTo(Secp256k1.HalfN) > 0)
        {
            return "signature s is greater than n/2 (not a canonical low-s signature, EIP-2)";
        }

        signature = new RecoverableSignature(r, s, recoveryId);
        return null;
    }

    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[Length];
        WriteUnsigned(R, bytes[..32]);
        WriteUnsigned(S, bytes[32..64]);
        bytes[64] = (byte)(27 + RecoveryId);
        return "0x" + Convert.ToHexStringLower(bytes);
    }

    internal static void WriteUnsigned(BigInteger value, Span<byte> destination)
    {
        var bytes = value.ToByteArrayUnsigned();
        destination[..^bytes.Length].Clear();
        bytes.CopyTo(destination[^bytes.Length..]);
    }
}
