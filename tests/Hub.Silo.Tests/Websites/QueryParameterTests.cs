using Uptime.Hub.Websites;

namespace Uptime.Hub.Tests.Websites;

public sealed class QueryParameterTests
{
    private static readonly NumberParameter _limit = new("limit", 1, 1000, 100);
    private static readonly ChoiceParameter _sort = new("sort", ["status", "url"], "status");

    [Theory]
    [InlineData(null, 100)]
    [InlineData("1", 1)]
    [InlineData("1000", 1000)]
    public void Number_MissingOrInRange_Value(string? text, int expected)
    {
        Assert.Equal(expected, _limit.Read(text));
        Assert.Null(_limit.Check(text));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-1")]
    [InlineData("1e2")]
    [InlineData(" 5")]
    [InlineData("")]
    public void Number_OutOfRangeOrNotAWholeNumber_MessageNamingTheRange(string text)
    {
        var error = _limit.Check(text);

        Assert.Equal("limit must be a whole number between 1 and 1000", error?.ErrorMessage);
        Assert.Equal(["limit"], error!.MemberNames);
    }

    [Theory]
    [InlineData(null, "status")]
    [InlineData("url", "url")]
    [InlineData("URL", "url")]
    public void Choice_MissingOrListedInAnyCase_TheListedSpelling(string? text, string expected)
    {
        Assert.Equal(expected, _sort.Read(text));
        Assert.Null(_sort.Check(text));
    }

    [Theory]
    [InlineData("latency")]
    [InlineData("")]
    public void Choice_NotListed_MessageListingTheChoices(string text)
    {
        var error = _sort.Check(text);

        Assert.Equal("sort must be one of status, url", error?.ErrorMessage);
        Assert.Equal(["sort"], error!.MemberNames);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("prod", "prod")]
    [InlineData("Prod.EU_1-a", "prod.eu_1-a")]
    public void Tag_MissingOrATag_LowerCased(string? text, string? expected)
    {
        Assert.Equal(expected, TagParameter.Read(text));
        Assert.Null(TagParameter.Check(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a,b")]
    [InlineData("ümlaut")]
    [InlineData("\u212Aelvin")]
    public void Tag_NoTag_MessageNamingTheRule(string text)
    {
        var error = TagParameter.Check(text);

        Assert.Equal("tag must be 1 to 50 characters of a-z, 0-9, '.', '_' and '-' (upper case is lower-cased)", error?.ErrorMessage);
        Assert.Equal(["tag"], error!.MemberNames);
    }
}
