namespace Uptime.Protocol.Tests;

public class EthereumAddressTests
{
    [Theory]
    [InlineData("0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb1")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359")]
    [InlineData("0XFB6916095CA1DF60BB79CE92CE3EA74C37C5D359")]
    [InlineData("0x0000000000000000000000000000000000000000")]
    public void IsValid_ZeroXAnd40HexDigits_ReturnsTrue(string value)
    {
        Assert.True(EthereumAddress.IsValid(value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb")]
    [InlineData("0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb1a")]
    [InlineData("742d35Cc6634C0532925a3b844Bc9e7595f0bEb1")]
    [InlineData("00742d35Cc6634C0532925a3b844Bc9e7595f0bEb1")]
    [InlineData("1x742d35Cc6634C0532925a3b844Bc9e7595f0bEb1")]
    [InlineData("x0742d35Cc6634C0532925a3b844Bc9e7595f0bEb1")]
    [InlineData("0x742d35Cc6634C0532925a3b844Bc9e7595f0bEbg")]
    [InlineData("0x742d35Cc6634C0532925a3b844Bc9e7595f0bE 1")]
    [InlineData(" 0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb")]
    [InlineData("0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb\u0661")]
    [InlineData("0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb\uFF21")]
    public void IsValid_NotZeroXAnd40HexDigits_ReturnsFalse(string? value)
    {
        Assert.False(EthereumAddress.IsValid(value));
    }

    [Theory]
    [InlineData("0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb1", "0x742d35cc6634c0532925a3b844bc9e7595f0beb1")]
    [InlineData("0X742D35CC6634C0532925A3B844BC9E7595F0BEB1", "0x742d35cc6634c0532925a3b844bc9e7595f0beb1")]
    [InlineData("0x742d35cc6634c0532925a3b844bc9e7595f0beb1", "0x742d35cc6634c0532925a3b844bc9e7595f0beb1")]
    public void Normalize_AnyCasing_ReturnsLowerCase(string value, string expected)
    {
        Assert.Equal(expected, EthereumAddress.Normalize(value));
    }
}
