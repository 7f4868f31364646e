namespace Uptime.Grains;

/// <summary>Derives a website's live status from the latest tick of each validator.</summary>
public static class WebsiteHealthRule
{
    public static WebsiteHealth Evaluate(IEnumerable<ValidatorLastTick> latest, DateTime now, TimeSpan freshness)
    {
        var good = 0;
        var bad = 0;
        foreach (var tick in latest)
        {
            if (now - tick.ReceivedAt > freshness)
            {
                continue;
            }

            if (tick.Good)
            {
                good++;
            }
            else
            {
                bad++;
            }
        }

        return (good, bad) switch
        {
            (0, 0) => WebsiteHealth.Unknown,
            (_, 0) => WebsiteHealth.Up,
            (0, _) => WebsiteHealth.Down,
            _ => WebsiteHealth.Degraded,
        };
    }
}
