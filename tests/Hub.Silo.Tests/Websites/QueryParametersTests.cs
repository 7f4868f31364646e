using Uptime.Hub.Websites;

namespace Uptime.Hub.Tests.Websites;

public sealed class QueryParametersTests
{
    private static readonly string[] _choices = ["status", "url"];

    [Theory]
    [InlineData(null, 100)]
    [InlineData("1", 1)]
    [InlineData("1000", 1000)]
    public void Number_MissingOrInRange_Value(string? text, int expected)
    {
        var errors = new Dictionary<string, string[]>();

        Assert.Equal(expected, QueryParameters.Number(text, "limit", 1, 1000, 100, errors));
        Assert.Empty(errors);
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
        var errors = new Dictionary<string, string[]>();

        QueryParameters.Number(text, "limit", 1, 1000, 100, errors);

        Assert.Equal(["limit must be a whole number between 1 and 1000"], errors["limit"]);
    }

    [Theory]
    [InlineData(null, "status")]
    [InlineData("url", "url")]
    [InlineData("URL", "url")]
    public void Choice_MissingOrListedInAnyCase_TheListedSpelling(string? text, string expected)
    {
        var errors = new Dictionary<string, string[]>();

        Assert.Equal(expected, QueryParameters.Choice(text, "sort", _choices, "status", errors));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("latency")]
    [InlineData("")]
    public void Choice_NotListed_MessageListingTheChoices(string text)
    {
        var errors = new Dictionary<string, string[]>();

        QueryParameters.Choice(text, "sort", _choices, "status", errors);

        Assert.Equal(["sort must be one of status, url"], errors["sort"]);
    }
}
