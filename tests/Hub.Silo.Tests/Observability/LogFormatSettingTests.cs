using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Uptime.Hub.Observability;
using Uptime.Hub.Tests.Hosting;

namespace Uptime.Hub.Tests.Observability;

public sealed class LogFormatSettingTests
{
    [Theory]
    [InlineData(null, LogFormat.Simple)]
    [InlineData("", LogFormat.Simple)]
    [InlineData("simple", LogFormat.Simple)]
    [InlineData("json", LogFormat.Json)]
    [InlineData(" JSON ", LogFormat.Json)]
    public void Read_HubLogFormat_Format(string? value, LogFormat expected)
    {
        var options = HubSettings.Read<ObservabilityOptions>(new() { ["HUB_LOG_FORMAT"] = value });

        Assert.Equal(expected, options.LogFormat);
    }

    [Theory]
    [InlineData("simple", "simple")]
    [InlineData("json", "json")]
    public void Read_HubLogFormat_ChoosesTheConsoleFormatter(string value, string formatter)
    {
        var console = HubSettings.Read<ConsoleLoggerOptions>(new() { ["HUB_LOG_FORMAT"] = value });

        Assert.Equal(formatter, console.FormatterName);
    }

    [Fact]
    public void Read_UnknownHubLogFormat_FailureNamingVariable()
    {
        var error = Assert.Throws<OptionsValidationException>(() => HubSettings.Read<ObservabilityOptions>(new() { ["HUB_LOG_FORMAT"] = "xml" }));

        Assert.Equal("HUB_LOG_FORMAT must be \"simple\" or \"json\", got \"xml\"", error.Message);
    }
}
