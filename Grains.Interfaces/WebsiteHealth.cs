namespace Uptime.Grains;

/// <summary>
/// The live verdict on a website from the latest tick of each validator that reported recently:
/// all Good → Up, all Bad → Down, mixed → Degraded, none recent → Unknown; Maintenance, whatever the ticks say, while a
/// maintenance window covers the website.
/// </summary>
[GenerateSerializer, Alias("uptime.website-health")]
public enum WebsiteHealth
{
    Unknown,
    Up,
    Degraded,
    Down,
    Maintenance,
}
