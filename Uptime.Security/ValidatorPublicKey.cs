using Org.BouncyCastle.Math.EC;

namespace Uptime.Security;

/// <summary>A validator's secp256k1 public key and the Ethereum address derived from it.</summary>
public sealed class ValidatorPublicKey
{
    private readonly ECPoint _point;

    internal ValidatorPublicKey(ECPoint point)
    {
        _point = point;
        Address = Secp256k1.Address(point);
    }

    /// <summary>"0x" followed by 40 lowercase hex digits.</summary>
    public string Address { get; }

    /// <summary>
    /// True when <paramref name="signatureHex"/> is a personal_sign signature of <paramref name="text"/> by this key, with
    /// the v that recovery needs: the same verdict as recovering the signer and comparing addresses, at the cost of one
    /// ECDSA verification (no point decompression, no hashing of the recovered key).
    /// </summary>
    public bool Verify(string text, string signatureHex)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (RecoverableSignature.TryParse(signatureHex, out var signature) is not null)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[Keccak256.HashLength];
        PersonalSign.Hash(text, hash);
        var n = Secp256k1.N;
        var e = Secp256k1.ToInteger(hash);
        var sInverse = signature.S.ModInverse(n);
        var u1 = e.Multiply(sInverse).Mod(n);
        var u2 = signature.R.Multiply(sInverse).Mod(n);
        var point = ECAlgorithms.SumOfTwoMultiplies(Secp256k1.G, u1, _point, u2).Normalize();
        return !point.IsInfinity
            && point.AffineXCoord.ToBigInteger().Equals(signature.R)
            && point.AffineYCoord.TestBitZero() == (signature.RecoveryId == 1);
    }
}
