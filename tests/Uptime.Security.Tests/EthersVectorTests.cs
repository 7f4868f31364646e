namespace Uptime.Security.Tests;

/// <summary>Our signer, recovery, verification and hashing against ethers.js output for the same keys and messages.</summary>
public class EthersVectorTests
{
    [Fact]
    public void Vectors_CoverBothRecoveryIdsAndManyMessages()
    {
        Assert.True(EthersVectors.All.Count >= 32);
        Assert.Contains(EthersVectors.All, v => v.Signature.EndsWith("1b", StringComparison.Ordinal));
        Assert.Contains(EthersVectors.All, v => v.Signature.EndsWith("1c", StringComparison.Ordinal));
        Assert.Contains(EthersVectors.All, v => v.Message.Length == 0);
        Assert.Contains(EthersVectors.All, v => v.Message.StartsWith("Uptime validator registration\n", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(EthersVectors.Indexes), MemberType = typeof(EthersVectors))]
    public void SignPersonalMessage_EqualsEthersSignatureByteForByte(int index)
    {
        var vector = EthersVectors.All[index];

        var signature = ValidatorKey.FromHex(vector.PrivateKey).SignPersonalMessage(vector.Message);

        Assert.Equal(vector.Signature.ToLowerInvariant(), signature);
    }

    [Theory]
    [MemberData(nameof(EthersVectors.Indexes), MemberType = typeof(EthersVectors))]
    public void Address_EqualsEthersComputeAddress(int index)
    {
        var vector = EthersVectors.All[index];

        Assert.Equal(vector.Address.ToLowerInvariant(), ValidatorKey.FromHex(vector.PrivateKey).Address);
    }

    [Theory]
    [MemberData(nameof(EthersVectors.Indexes), MemberType = typeof(EthersVectors))]
    public void Hash_EqualsEthersHashMessage(int index)
    {
        var vector = EthersVectors.All[index];

        Assert.Equal(vector.Hash.ToLowerInvariant(), "0x" + Convert.ToHexStringLower(PersonalSign.Hash(vector.Message)));
    }

    [Theory]
    [MemberData(nameof(EthersVectors.Indexes), MemberType = typeof(EthersVectors))]
    public void TryRecover_EthersSignature_GivesEthersAddress(int index)
    {
        var vector = EthersVectors.All[index];

        Assert.True(PersonalSign.TryRecover(vector.Message, vector.Signature, out var signer, out var error), error);
        Assert.Equal(vector.Address.ToLowerInvariant(), signer.Address);
    }

    [Theory]
    [MemberData(nameof(EthersVectors.Indexes), MemberType = typeof(EthersVectors))]
    public void Verify_EthersSignature_TrueForSignerFalseForOtherKey(int index)
    {
        var vector = EthersVectors.All[index];
        var other = EthersVectors.All.First(v => v.PrivateKey != vector.PrivateKey);

        Assert.True(ValidatorKey.FromHex(vector.PrivateKey).PublicKey.Verify(vector.Message, vector.Signature));
        Assert.False(ValidatorKey.FromHex(other.PrivateKey).PublicKey.Verify(vector.Message, vector.Signature));
    }

    [Theory]
    [MemberData(nameof(EthersVectors.Indexes), MemberType = typeof(EthersVectors))]
    public void Verify_EthersSignatureOverAnotherMessage_False(int index)
    {
        var vector = EthersVectors.All[index];
        var key = ValidatorKey.FromHex(vector.PrivateKey);

        Assert.False(key.PublicKey.Verify(vector.Message + " ", vector.Signature));
        Assert.True(PersonalSign.TryRecover(vector.Message + " ", vector.Signature, out var signer, out _));
        Assert.NotEqual(key.Address, signer.Address);
    }
}
