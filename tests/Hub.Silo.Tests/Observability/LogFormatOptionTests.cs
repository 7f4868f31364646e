using Uptime.Hub.Hosting;

namespace Uptime.Hub.Tests.Observability;

public sealed class LogFormatOptionTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("simple", false)]
    [InlineData("json", true)]
    [InlineData(" JSON ", true)]
    public void Read_HubLogFormat_JsonLogs(string? value, bool expected)
    {
        var options = HubOptionsReader.Read(Env(value));

        Assert.Equal(expected, options.JsonLogs);
    }

    [Fact]
    public void Read_UnknownHubLogFormat_FormatExceptionNamingVariable()
    {
        var error = Assert.Throws<FormatException>(() => HubOptionsReader.Read(Env("xml")));

        Assert.Equal("HUB_LOG_FORMAT must be \"simple\" or \"json\", got \"xml\"", error.Message);
    }

    private static Func<string, string?> Env(string? logFormat) => name => name switch
    {
        "DATABASE_URL" => "postgresql://user:password@localhost:5432/uptime",
        "HUB_LOG_FORMAT" => logFormat,
        _ => null,
    };
}
