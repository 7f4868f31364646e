using Uptime.Settings;

namespace Uptime.Hub.Websites;

/// <summary>Which website URLs may be monitored (<see cref="WebsiteTargets"/>).</summary>
public sealed class WebsiteTargetsOptions
{
    /// <summary>
    /// Accept website URLs on loopback, private, link-local and other internal addresses; off by default so the API cannot
    /// be used to probe the hub's own network.
    /// </summary>
    [ConfigurationKeyName("ALLOW_PRIVATE_TARGETS"), BooleanSetting]
    public bool AllowPrivateTargets { get; set; }
}
