using System.Globalization;
using System.Numerics;

namespace Uptime.Security.Tests;

public class PersonalSignTests
{
    // Published in the web3.js documentation (web3.eth.accounts.sign).
    private const string Web3PrivateKey = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
    private const string Web3Address = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23";
    private const string Web3Signature =
        "0xb91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd6007e74cd82e037b800186422fc2da167c747ef045e5d18a5f5d4300f8e1a0291c";

    private static readonly BigInteger s_n = BigInteger.Parse("0fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", NumberStyles.HexNumber);

    [Fact]
    public void Keccak256_EmptyInput_IsTheKeccakNotTheSha3Digest()
    {
        Assert.Equal("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", Convert.ToHexStringLower(Keccak256.Hash([])));
    }

    [Fact]
    public void Keccak256_Abc_MatchesPublishedDigest()
    {
        Assert.Equal("4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45", Convert.ToHexStringLower(Keccak256.Hash("abc"u8)));
    }

    [Fact]
    public void Web3DocsVector_SignRecoverVerifyAndAddress()
    {
        var key = ValidatorKey.FromHex(Web3PrivateKey);

        Assert.Equal(Web3Address.ToLowerInvariant(), key.Address);
        Assert.Equal(Web3Signature, key.SignPersonalMessage("Some data"));
        Assert.True(PersonalSign.TryRecover("Some data", Web3Signature, out var signer, out var error), error);
        Assert.Equal(Web3Address.ToLowerInvariant(), signer.Address);
        Assert.True(key.PublicKey.Verify("Some data", Web3Signature));
    }

    [Fact]
    public void Web3DocsVector_HashOfSomeData()
    {
        Assert.Equal(
            "1da44b586eb0729ff70a73c326926f6ed5a25f5b056e7f47fbc6e58d86871655",
            Convert.ToHexStringLower(PersonalSign.Hash("Some data")));
    }

    [Fact]
    public void RecoveryIdZeroOrOne_IsAcceptedLike27Or28()
    {
        var signature = WithV(Web3Signature, 0x1c - 27);

        Assert.True(PersonalSign.TryRecover("Some data", signature, out var signer, out var error), error);
        Assert.Equal(Web3Address.ToLowerInvariant(), signer.Address);
        Assert.True(ValidatorKey.FromHex(Web3PrivateKey).PublicKey.Verify("Some data", signature));
    }

    [Fact]
    public void OtherRecoveryId_RecoversAnotherAddressAndVerifyFails()
    {
        var signature = WithV(Web3Signature, 27);

        Assert.True(PersonalSign.TryRecover("Some data", signature, out var signer, out _));
        Assert.NotEqual(Web3Address.ToLowerInvariant(), signer.Address);
        Assert.False(ValidatorKey.FromHex(Web3PrivateKey).PublicKey.Verify("Some data", signature));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(26)]
    [InlineData(29)]
    [InlineData(37)]
    [InlineData(255)]
    public void UnsupportedV_IsRefusedWithReason(int v)
    {
        var signature = WithV(Web3Signature, v);

        AssertRefused(signature, "v must be 27 or 28");
    }

    [Fact]
    public void HighS_IsRefusedEvenThoughMathematicallyValid()
    {
        var bytes = Convert.FromHexString(Web3Signature[2..]);
        var s = new BigInteger(bytes.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        var highS = (s_n - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        highS.CopyTo(bytes.AsSpan(64 - highS.Length));
        bytes[64] = (byte)(bytes[64] == 27 ? 28 : 27);

        AssertRefused("0x" + Convert.ToHexStringLower(bytes), "greater than n/2");
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("0x", "65 bytes")]
    [InlineData("0x1234", "65 bytes")]
    public void MalformedSignature_IsRefusedWithReason(string signature, string reason)
    {
        AssertRefused(signature, reason);
    }

    [Fact]
    public void SignatureWithoutPrefix_IsAccepted()
    {
        Assert.True(PersonalSign.TryRecover("Some data", Web3Signature[2..], out var signer, out var error), error);
        Assert.Equal(Web3Address.ToLowerInvariant(), signer.Address);
    }

    [Fact]
    public void SignatureOneDigitShortOrLong_IsRefusedWithReason()
    {
        AssertRefused(Web3Signature[..^1], "65 bytes");
        AssertRefused(Web3Signature + "0", "65 bytes");
        AssertRefused(Web3Signature + "00", "65 bytes");
    }

    [Fact]
    public void NonHexSignature_IsRefusedWithReason()
    {
        AssertRefused(Web3Signature[..10] + "zz" + Web3Signature[12..], "not hexadecimal");
        AssertRefused(Web3Signature[..10] + "é0" + Web3Signature[12..], "not hexadecimal");
    }

    [Fact]
    public void ZeroOrOutOfRangeROrS_IsRefusedWithReason()
    {
        var r = Web3Signature[2..66];
        var s = Web3Signature[66..130];
        var zero = new string('0', 64);
        var n = s_n.ToString("x64", CultureInfo.InvariantCulture)[^64..];

        AssertRefused("0x" + zero + s + "1c", "r is out of range");
        AssertRefused("0x" + n + s + "1c", "r is out of range");
        AssertRefused("0x" + r + zero + "1c", "s is out of range");
        AssertRefused("0x" + r + n + "1c", "s is out of range");
    }

    [Fact]
    public void RThatIsNoCurveXCoordinate_IsRefusedWithReason()
    {
        // x = 5: x³ + 7 is not a square modulo p, so no point has this x.
        var r = new string('0', 63) + "5";

        AssertRefused("0x" + r + Web3Signature[66..130] + "1c", "does not recover");
    }

    [Fact]
    public void TamperedSignatureByte_DoesNotVerifyOrRecoverTheSigner()
    {
        var key = ValidatorKey.FromHex(Web3PrivateKey);
        for (var position = 2; position < 130; position += 7)
        {
            var digit = Web3Signature[position] == '0' ? '1' : '0';
            var tampered = Web3Signature[..position] + digit + Web3Signature[(position + 1)..];

            Assert.False(key.PublicKey.Verify("Some data", tampered));
            Assert.False(
                PersonalSign.TryRecover("Some data", tampered, out var signer, out _) && signer.Address == key.Address,
                $"tampered at {position}");
        }
    }

    [Fact]
    public void OwnSignatures_RoundTripForGeneratedKeys()
    {
        for (var i = 0; i < 10; i++)
        {
            var key = ValidatorKey.Generate();
            var text = SignedTexts.Registration(key.Address, "Test location", Nonce.Create());

            var signature = key.SignPersonalMessage(text);

            Assert.Matches("^0x[0-9a-f]{128}(1b|1c)$", signature);
            Assert.True(key.PublicKey.Verify(text, signature));
            Assert.True(PersonalSign.TryRecover(text, signature, out var signer, out var error), error);
            Assert.Equal(key.Address, signer.Address);
            Assert.Equal(signature, key.SignPersonalMessage(text));
        }
    }

    private static void AssertRefused(string signature, string reason)
    {
        Assert.False(PersonalSign.TryRecover("Some data", signature, out var signer, out var error));
        Assert.Null(signer);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.False(ValidatorKey.FromHex(Web3PrivateKey).PublicKey.Verify("Some data", signature));
    }

    private static string WithV(string signature, int v) => signature[..^2] + v.ToString("x2", CultureInfo.InvariantCulture);
}
