using Uptime.Hub.Access;

namespace Uptime.Hub.Tests.Access;

public sealed class SessionTokensTests
{
    private const string Fingerprint = "0123456789abcdef";
    private static readonly DateTimeOffset _now = new(2025, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private readonly SessionTokens _tokens = new([.. Enumerable.Range(1, 32).Select(i => (byte)i)]);

    [Fact]
    public void Verify_IssuedToken_Fingerprint()
    {
        var token = _tokens.Issue(Fingerprint, _now.AddHours(12));

        Assert.Matches(@"^0123456789abcdef\.\d+\.[A-Za-z0-9_-]{43}$", token);
        Assert.Equal(Fingerprint, _tokens.Verify(token, _now));
        Assert.Equal(Fingerprint, _tokens.Verify(token, _now.AddHours(12).AddSeconds(-1)));
    }

    [Fact]
    public void Verify_Expired_Null()
    {
        var token = _tokens.Issue(Fingerprint, _now.AddHours(12));

        Assert.Null(_tokens.Verify(token, _now.AddHours(12)));
    }

    [Fact]
    public void Verify_OtherSecret_Null()
    {
        var token = new SessionTokens(new byte[32]).Issue(Fingerprint, _now.AddHours(1));

        Assert.Null(_tokens.Verify(token, _now));
    }

    [Fact]
    public void Verify_ExpiryOrFingerprintChanged_Null()
    {
        var parts = _tokens.Issue(Fingerprint, _now.AddHours(1)).Split('.');

        Assert.Null(_tokens.Verify($"{parts[0]}.{long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) + 1}.{parts[2]}", _now));
        Assert.Null(_tokens.Verify($"fedcba9876543210.{parts[1]}.{parts[2]}", _now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("0123456789abcdef.1.2.3")]
    [InlineData("0123456789ABCDEF.99999999999.AAAA")]
    [InlineData("0123456789abcdef.-5.AAAA")]
    [InlineData("0123456789abcdef.99999999999.!!!")]
    [InlineData("0123456789abcdef.99999999999.")]
    public void Verify_Malformed_Null(string token)
    {
        Assert.Null(_tokens.Verify(token, _now));
    }
}
