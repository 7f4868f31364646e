namespace Uptime.Security.Tests;

public sealed class ValidatorKeyTests
{
    private const string KeyHex = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";

    [Theory]
    [InlineData(KeyHex)]
    [InlineData("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")]
    [InlineData("0X4C0883A69102937D6231471B5DBB6204FE5129617082792AE468D01A3F362318")]
    public void FromHex_AcceptsPrefixAndCaseVariants(string hex)
    {
        var key = ValidatorKey.FromHex(hex);

        Assert.Equal(KeyHex, key.ToHex());
        Assert.Equal("0x2c7536e3605d9c16a7a3d7b1898e529396a65c23", key.Address);
        Assert.Equal(key.Address, key.PublicKey.Address);
    }

    [Theory]
    [InlineData("", "64 hex digits")]
    [InlineData("0x", "64 hex digits")]
    [InlineData("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f36231", "64 hex digits")]
    [InlineData("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f3623180", "64 hex digits")]
    [InlineData(" 0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", "64 hex digits")]
    [InlineData("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f36231g", "only hex digits")]
    [InlineData("0x0000000000000000000000000000000000000000000000000000000000000000", "at least 1")]
    [InlineData("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", "below the secp256k1 group order")]
    [InlineData("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "below the secp256k1 group order")]
    public void FromHex_Invalid_ThrowsFormatExceptionSayingWhy(string hex, string reason)
    {
        var exception = Assert.Throws<FormatException>(() => ValidatorKey.FromHex(hex));

        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromHex_LargestValidKey_IsAccepted()
    {
        var key = ValidatorKey.FromHex("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140");

        Assert.Equal("0x80c0dbf239224071c59dd8970ab9d542e3414ab2", key.Address);
    }

    [Fact]
    public void ToHex_PadsSmallKeysTo64Digits()
    {
        var key = ValidatorKey.FromHex("0x" + new string('0', 63) + "1");

        Assert.Equal("0x" + new string('0', 63) + "1", key.ToHex());
        Assert.Equal("0x7e5f4552091a69125d5dfcb7b8c2659029395bdf", key.Address);
    }

    [Fact]
    public void Generate_ProducesDistinctKeysThatRoundTrip()
    {
        var first = ValidatorKey.Generate();
        var second = ValidatorKey.Generate();

        Assert.NotEqual(first.Address, second.Address);
        Assert.Matches("^0x[0-9a-f]{64}$", first.ToHex());
        Assert.Matches("^0x[0-9a-f]{40}$", first.Address);
        Assert.Equal(first.Address, ValidatorKey.FromHex(first.ToHex()).Address);
    }
}
