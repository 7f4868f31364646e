using Uptime.Hub.Hosting;

namespace Uptime.Hub.Canaries;

/// <summary>The canaries every validator checks (<see cref="CanaryTargets"/>) and how often.</summary>
public sealed class CanaryOptions
{
    public const string UrlsVariable = "HUB_CANARY_URLS";

    /// <summary>Canary URLs besides the hub's own (which needs HUB_PUBLIC_URL); none by default.</summary>
    [ConfigurationKeyName(UrlsVariable), CanaryUrlListSetting]
    public IReadOnlyList<string> Urls { get; set; } = [];

    /// <summary>How often every validator checks every canary: one canary round.</summary>
    [ConfigurationKeyName("HUB_CANARY_INTERVAL_SECONDS"), SecondsSetting(10, 3600)]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
}
