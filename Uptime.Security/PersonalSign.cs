using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Math.EC;

namespace Uptime.Security;

/// <summary>EIP-191 version 0x45 ("personal_sign") messages, as Ethereum wallets sign them.</summary>
public static class PersonalSign
{
    private const int StackTextLimit = 512;

    private static ReadOnlySpan<byte> Prefix => "\u0019Ethereum Signed Message:\n"u8;

    /// <summary>keccak256("\x19Ethereum Signed Message:\n" + UTF-8 byte length in decimal + UTF-8 text).</summary>
    public static byte[] Hash(string text)
    {
        var hash = new byte[Keccak256.HashLength];
        Hash(text, hash);
        return hash;
    }

    /// <summary>
    /// Recovers the signer of <paramref name="signatureHex"/> over <paramref name="text"/>; false with the reason when the
    /// signature is malformed (hex, length), has a v other than 27/28 (or 0/1), a high s, or no public key recovers.
    /// </summary>
    public static bool TryRecover(
        string text,
        string signatureHex,
        [NotNullWhen(true)] out ValidatorPublicKey? signer,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        signer = null;
        error = RecoverableSignature.TryParse(signatureHex, out var signature);
        if (error is not null)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[Keccak256.HashLength];
        Hash(text, hash);
        var point = Recover(hash, signature);
        if (point is null)
        {
            error = "signature does not recover to a public key";
            return false;
        }

        signer = new ValidatorPublicKey(point);
        return true;
    }

    internal static void Hash(string text, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(text);
        var byteCount = Encoding.UTF8.GetByteCount(text);
        byte[]? rented = null;
        var utf8 = byteCount <= StackTextLimit
            ? stackalloc byte[StackTextLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(byteCount));
        try
        {
            var written = Encoding.UTF8.GetBytes(text, utf8);
            Span<byte> length = stackalloc byte[10];
            byteCount.TryFormat(length, out var lengthDigits, default, System.Globalization.CultureInfo.InvariantCulture);

            var digest = new KeccakDigest(256);
            digest.BlockUpdate(Prefix);
            digest.BlockUpdate(length[..lengthDigits]);
            digest.BlockUpdate(utf8[..written]);
            digest.DoFinal(destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>SEC 1 v2 §4.1.6 public key recovery; null when r is not the x coordinate of a curve point.</summary>
    private static ECPoint? Recover(ReadOnlySpan<byte> hash, RecoverableSignature signature)
    {
        var compressed = new byte[33];
        compressed[0] = (byte)(0x02 | signature.RecoveryId);
        RecoverableSignature.WriteUnsigned(signature.R, compressed.AsSpan(1));
        ECPoint r;
        try
        {
            r = Secp256k1.Curve.DecodePoint(compressed);
        }
        catch (ArgumentException)
        {
            return null;
        }

        // Q = r⁻¹(sR − eG) = (−e·r⁻¹)G + (s·r⁻¹)R
        var n = Secp256k1.N;
        var rInverse = signature.R.ModInverse(n);
        var e = Secp256k1.ToInteger(hash);
        var u1 = n.Subtract(e).Multiply(rInverse).Mod(n);
        var u2 = signature.S.Multiply(rInverse).Mod(n);
        var q = ECAlgorithms.SumOfTwoMultiplies(Secp256k1.G, u1, r, u2).Normalize();
        return q.IsInfinity ? null : q;
    }
}
