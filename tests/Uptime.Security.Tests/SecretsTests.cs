namespace Uptime.Security.Tests;

public class SecretsTests
{
    private const string AbcSha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    [Fact]
    public void Nonce_Is64LowercaseHexDigitsAndUnique()
    {
        var nonces = Enumerable.Range(0, 100).Select(_ => Nonce.Create()).ToList();

        Assert.All(nonces, nonce => Assert.Matches("^[0-9a-f]{64}$", nonce));
        Assert.Equal(nonces.Count, nonces.Distinct().Count());
    }

    [Fact]
    public void Sha256Hex_MatchesPublishedDigest()
    {
        Assert.Equal(AbcSha256, SecretHash.Sha256Hex("abc"));
    }

    [Fact]
    public void ParseHash_AcceptsAnyCase()
    {
        Assert.Equal(Convert.FromHexString(AbcSha256), SecretHash.ParseHash(AbcSha256.ToUpperInvariant()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015adad")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ag")]
    public void ParseHash_Invalid_ThrowsFormatException(string hex)
    {
        Assert.Throws<FormatException>(() => SecretHash.ParseHash(hex));
    }

    [Fact]
    public void Matches_TrueOnlyForAConfiguredSecret()
    {
        var hashes = new[] { SecretHash.ParseHash(SecretHash.Sha256Hex("first")), SecretHash.ParseHash(AbcSha256) };

        Assert.True(SecretHash.Matches("abc", hashes));
        Assert.True(SecretHash.Matches("first", hashes));
        Assert.False(SecretHash.Matches("abd", hashes));
        Assert.False(SecretHash.Matches("ABC", hashes));
        Assert.False(SecretHash.Matches("", hashes));
        Assert.False(SecretHash.Matches("abc", []));
    }
}
