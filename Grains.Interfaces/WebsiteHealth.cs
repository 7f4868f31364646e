namespace Uptime.Grains;

/// <summary>
/// The live verdict on a website from the latest tick of each validator that reported recently:
/// all Good → Up, all Bad → Down, mixed → Degraded, none recent → Unknown.
/// </summary>
[GenerateSerializer, Alias("uptime.website-health")]
public enum WebsiteHealth
{
    Unknown,
    Up,
    Degraded,
    Down,
}
