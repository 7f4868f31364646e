using Org.BouncyCastle.Crypto.Digests;

namespace Uptime.Security;

/// <summary>Keccak-256 as Ethereum uses it (the original Keccak padding, not the SHA3-256 of FIPS 202).</summary>
public static class Keccak256
{
    internal const int HashLength = 32;

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var hash = new byte[HashLength];
        var digest = new KeccakDigest(256);
        digest.BlockUpdate(data);
        digest.DoFinal(hash);
        return hash;
    }
}
