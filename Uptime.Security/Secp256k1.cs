using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;

namespace Uptime.Security;

/// <summary>The secp256k1 curve, created once: BouncyCastle caches precomputations on the point objects reused here.</summary>
internal static class Secp256k1
{
    private static readonly X9ECParameters s_parameters = CustomNamedCurves.GetByName("secp256k1");

    public static readonly ECDomainParameters Domain = new(s_parameters);
    public static readonly ECCurve Curve = Domain.Curve;
    public static readonly ECPoint G = Domain.G;
    public static readonly BigInteger N = Domain.N;
    public static readonly BigInteger HalfN = N.ShiftRight(1);
    public static readonly FixedPointCombMultiplier BaseMultiplier = new();

    /// <summary>The Ethereum address of a public key: the last 20 bytes of Keccak-256 of the uncompressed point without its 0x04 prefix.</summary>
    public static string Address(ECPoint publicKey)
    {
        var encoded = publicKey.GetEncoded(false);
        var hash = Keccak256.Hash(encoded.AsSpan(1));
        return "0x" + Convert.ToHexStringLower(hash, Keccak256.HashLength - 20, 20);
    }

    public static BigInteger ToInteger(ReadOnlySpan<byte> bigEndian) => new(1, bigEndian);
}
