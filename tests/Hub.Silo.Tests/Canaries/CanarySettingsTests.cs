using Microsoft.Extensions.Options;
using Uptime.Hub.Canaries;
using Uptime.Hub.Hosting;
using Uptime.Hub.Tests.Hosting;

namespace Uptime.Hub.Tests.Canaries;

public sealed class CanarySettingsTests
{
    private const string DatabaseUrl = "postgres://uptime:uptime@localhost:5432/uptime";

    [Fact]
    public void Read_Nothing_NoCanariesEvery30Seconds()
    {
        var targets = Targets(new() { ["DATABASE_URL"] = DatabaseUrl });

        Assert.Empty(targets.All);
        Assert.Equal(TimeSpan.FromSeconds(30), targets.Interval);
    }

    [Fact]
    public void Read_PublicUrlAndCanaryUrls_HubCanaryFirstThenEachConfiguredOnceWithIdsFromTheirUrls()
    {
        var targets = Targets(new()
        {
            ["DATABASE_URL"] = DatabaseUrl,
            ["HUB_PUBLIC_URL"] = "https://uptime.example.com/monitor",
            ["HUB_CANARY_URLS"] = " https://a.example/health ,http://10.0.0.5:8081/ok,https://a.example/health",
            ["HUB_CANARY_INTERVAL_SECONDS"] = "10",
        });

        Assert.Equal(
            ["https://uptime.example.com/monitor/canary", "https://a.example/health", "http://10.0.0.5:8081/ok"],
            targets.All.Select(canary => canary.Url));
        Assert.All(targets.All, canary => Assert.Equal(CanaryTargets.IdOf(canary.Url), canary.Id));
        Assert.Equal(3, targets.All.Select(canary => canary.Id).Distinct().Count());
        Assert.True(targets.IsCanary(CanaryTargets.IdOf("https://a.example/health")));
        Assert.False(targets.IsCanary(Guid.NewGuid()));
        var round = targets.Round(new DateTime(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc));
        Assert.All(round, check => Assert.Equal((10, new DateTime(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc)), (check.IntervalSeconds, check.DueAt)));
    }

    [Theory]
    [InlineData("HUB_CANARY_URLS", "https://a.example/,ftp://b.example/",
        "HUB_CANARY_URLS must be a comma-separated list of http(s) URLs; \"ftp://b.example/\" is not usable: URL scheme must be http or https, not ftp")]
    [InlineData("HUB_CANARY_URLS", "https://user:pw@a.example/",
        "HUB_CANARY_URLS must be a comma-separated list of http(s) URLs; \"https://user:pw@a.example/\" is not usable: URL must not contain credentials (user@ or user:password@)")]
    [InlineData("HUB_CANARY_URLS", "canary",
        "HUB_CANARY_URLS must be a comma-separated list of http(s) URLs; \"canary\" is not usable: URL is not a valid absolute URL")]
    [InlineData("HUB_CANARY_INTERVAL_SECONDS", "9", "HUB_CANARY_INTERVAL_SECONDS must be an integer between 10 and 3600, got \"9\"")]
    [InlineData("HUB_PUBLIC_URL", "uptime.example.com",
        "HUB_PUBLIC_URL must be an absolute http:// or https:// URL such as https://uptime.example.com/, got \"uptime.example.com\"")]
    [InlineData("HUB_PUBLIC_URL", "https://uptime.example.com/?x=1", "HUB_PUBLIC_URL must have no credentials, query or fragment, got \"https://uptime.example.com/?x=1\"")]
    public void Read_BadValue_OneLineNamingTheVariable(string variable, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Targets(new() { ["DATABASE_URL"] = DatabaseUrl, [variable] = value }));

        Assert.Equal(message, error.Message);
    }

    private static CanaryTargets Targets(Dictionary<string, string?> variables) =>
        new(HubSettings.Read<HubOptions>(variables), HubSettings.Read<CanaryOptions>(variables));
}
