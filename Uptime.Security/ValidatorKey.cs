using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;

namespace Uptime.Security;

/// <summary>A validator's secp256k1 private key: its Ethereum identity.</summary>
public sealed class ValidatorKey
{
    private const int KeyLength = 32;

    private readonly BigInteger _d;

    private ValidatorKey(BigInteger d)
    {
        _d = d;
        PublicKey = new ValidatorPublicKey(Secp256k1.BaseMultiplier.Multiply(Secp256k1.G, d).Normalize());
    }

    /// <summary>"0x" followed by 40 lowercase hex digits.</summary>
    public string Address => PublicKey.Address;

    public ValidatorPublicKey PublicKey { get; }

    public static ValidatorKey Generate()
    {
        Span<byte> bytes = stackalloc byte[KeyLength];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var d = Secp256k1.ToInteger(bytes);
            if (IsValidScalar(d))
            {
                return new ValidatorKey(d);
            }
        }
    }

    /// <summary>64 hex digits, "0x" optional, encoding k with 1 ≤ k &lt; n; otherwise a <see cref="FormatException"/> saying why.</summary>
    public static ValidatorKey FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = hex.AsSpan();
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            digits = digits[2..];
        }

        if (digits.Length != KeyLength * 2)
        {
            throw new FormatException($"A private key must be {KeyLength * 2} hex digits (optionally prefixed with 0x), got {digits.Length}.");
        }

        Span<byte> bytes = stackalloc byte[KeyLength];
        if (Convert.FromHexString(digits, bytes, out _, out _) != System.Buffers.OperationStatus.Done)
        {
            throw new FormatException("A private key must contain only hex digits.");
        }

        var d = Secp256k1.ToInteger(bytes);
        if (!IsValidScalar(d))
        {
            throw new FormatException("A private key must be at least 1 and below the secp256k1 group order.");
        }

        return new ValidatorKey(d);
    }

    /// <summary>"0x" followed by 64 lowercase hex digits.</summary>
    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[KeyLength];
        RecoverableSignature.WriteUnsigned(_d, bytes);
        return "0x" + Convert.ToHexStringLower(bytes);
    }

    /// <summary>
    /// The EIP-191 personal_sign signature of <paramref name="text"/>: "0x" + 130 hex digits (r‖s‖v, v = 27/28), with the
    /// deterministic nonce of RFC 6979 (HMAC-SHA-256) and low s, so it equals what Ethereum wallets produce.
    /// </summary>
    public string SignPersonalMessage(string text)
    {
        var hash = PersonalSign.Hash(text);
        var n = Secp256k1.N;
        var e = Secp256k1.ToInteger(hash);
        var nonces = new HMacDsaKCalculator(new Sha256Digest());
        nonces.Init(n, _d, hash);
        while (true)
        {
            var k = nonces.NextK();
            var point = Secp256k1.BaseMultiplier.Multiply(Secp256k1.G, k).Normalize();
            var x = point.AffineXCoord.ToBigInteger();
            // x ≥ n would need recovery id 2 or 3, which v = 27/28 cannot express (probability about 2⁻¹²⁸).
            if (x.CompareTo(n) >= 0)
            {
                continue;
            }

            var s = k.ModInverse(n).Multiply(e.Add(_d.Multiply(x))).Mod(n);
            if (x.SignValue == 0 || s.SignValue == 0)
            {
                continue;
            }

            var recoveryId = point.AffineYCoord.TestBitZero() ? 1 : 0;
            if (s.CompareTo(Secp256k1.HalfN) > 0)
            {
                s = n.Subtract(s);
                recoveryId ^= 1;
            }

            return new RecoverableSignature(x, s, recoveryId).ToHex();
        }
    }

    private static bool IsValidScalar(BigInteger d) => d.SignValue > 0 && d.CompareTo(Secp256k1.N) < 0;
}
