using Microsoft.Extensions.Options;
using Uptime.Hub.Certificates;
using Uptime.Hub.Tests.Hosting;

namespace Uptime.Hub.Tests.Certificates;

/// <summary>HUB_CERT_WARN_DAYS as the hub reads it at start: the thresholds, off, and one precise line for a bad value.</summary>
public sealed class CertificateWarnSettingsTests
{
    private const string DatabaseUrl = "postgres://uptime:uptime@localhost:5432/uptime";

    [Theory]
    [InlineData(null, new[] { 30, 14, 7, 1 })]
    [InlineData("  ", new[] { 30, 14, 7, 1 })]
    [InlineData("7, 30", new[] { 30, 7 })]
    [InlineData("365,1", new[] { 365, 1 })]
    [InlineData("off", new int[0])]
    [InlineData("OFF", new int[0])]
    [InlineData("0", new int[0])]
    public void Read_Value_ThresholdsLargestFirst(string? value, int[] expected)
    {
        Assert.Equal(expected, Read(value).Days);
    }

    [Theory]
    [InlineData("0,7", "\"0\" is not one")]
    [InlineData("366", "\"366\" is not one")]
    [InlineData("7,abc", "\"abc\" is not one")]
    [InlineData("-1", "\"-1\" is not one")]
    [InlineData("30,,7", "\"\" is not one")]
    [InlineData("1.5", "\"1.5\" is not one")]
    public void Read_BadValue_StartupStopsNamingTheVariableAndTheItem(string value, string item)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(value));

        Assert.Equal($"HUB_CERT_WARN_DAYS must be a comma-separated list of whole days between 1 and 365 (e.g. 30,14,7,1), or off; {item}", error.Message);
    }

    [Fact]
    public void Read_Repeated_StartupStopsNamingTheRepeat()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read("30,7,30"));

        Assert.Equal("HUB_CERT_WARN_DAYS names 30 days twice; each threshold may appear once", error.Message);
    }

    private static CertificateWarningOptions Read(string? value) =>
        HubSettings.Read<CertificateWarningOptions>(new() { ["DATABASE_URL"] = DatabaseUrl, ["HUB_CERT_WARN_DAYS"] = value });
}
