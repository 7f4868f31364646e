using System.Security.Cryptography;
using Uptime.Hub.Dispatch;
using Uptime.Protocol;

namespace Uptime.Hub.Tests.Dispatch;

public sealed class CheckTokensTests
{
    private static readonly DateTime _dueAt = new(2026, 12, 6, 12, 0, 0, 123, DateTimeKind.Utc);
    private readonly CheckTokens _tokens = new(RandomNumberGenerator.GetBytes(32));
    private readonly Guid _website = Guid.NewGuid();
    private readonly Guid _validator = Guid.NewGuid();

    [Fact]
    public void Issued_RoundTripsThroughItsTextAndVerifies()
    {
        var token = _tokens.Issue(_website, _validator, _dueAt);

        Assert.True(CheckToken.TryParse(token.ToString(), out var parsed));
        Assert.Equal(token, parsed);
        Assert.Equal(CheckToken.Length, token.ToString().Length);
        Assert.True(_tokens.IsIssued(parsed, _website, _validator));
        Assert.Equal(_tokens.TickId(_website, _validator, _dueAt), parsed.TickId);
        Assert.Equal(8, parsed.TickId.Version);
    }

    [Fact]
    public void AnotherValidatorWebsiteDueTimeOrKey_NotIssued()
    {
        var token = _tokens.Issue(_website, _validator, _dueAt);

        Assert.False(_tokens.IsIssued(token, _website, Guid.NewGuid()));
        Assert.False(_tokens.IsIssued(token, Guid.NewGuid(), _validator));
        Assert.False(_tokens.IsIssued(token with { DueAt = _dueAt.AddSeconds(30) }, _website, _validator));
        Assert.False(new CheckTokens(RandomNumberGenerator.GetBytes(32)).IsIssued(token, _website, _validator));
    }

    [Fact]
    public void TickId_SameCheckSameId_OtherCheckOtherId()
    {
        Assert.Equal(_tokens.TickId(_website, _validator, _dueAt), _tokens.TickId(_website, _validator, _dueAt));
        Assert.NotEqual(_tokens.TickId(_website, _validator, _dueAt), _tokens.TickId(_website, _validator, _dueAt.AddTicks(1)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!")]
    [InlineData("/////////////////////////////////")]
    [InlineData("__________AAAAAAAAAAAAAAAAAAAAAA")]
    public void MalformedText_DoesNotParse(string text) => Assert.False(CheckToken.TryParse(text, out _));
}
