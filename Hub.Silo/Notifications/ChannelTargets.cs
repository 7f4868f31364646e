using Uptime.Hub.Websites;

namespace Uptime.Hub.Notifications;

/// <summary>
/// The website address rule (<see cref="WebsiteTargets"/>, <c>ALLOW_PRIVATE_TARGETS</c>) over what a channel connects to
/// (<see cref="INotificationChannel.TargetsOf"/>): URLs, and host names (an SMTP host), checked as the URL of that host.
/// </summary>
public sealed class ChannelTargets(WebsiteTargets targets)
{
    /// <summary>The refusals by setting name; empty when every target may be reached.</summary>
    public async Task<Dictionary<string, string>> RefusalsAsync(IReadOnlyDictionary<string, string> targetsBySetting, CancellationToken cancellationToken)
    {
        var refusals = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (setting, target) in targetsBySetting)
        {
            if (await targets.RefusalAsync(AsUrl(target), cancellationToken) is { } refusal)
            {
                refusals[setting] = $"{setting} is refused: {refusal} (a notification must not reach the hub's own network; "
                    + "set ALLOW_PRIVATE_TARGETS=true on a private deployment)";
            }
        }

        return refusals;
    }

    private static string AsUrl(string target)
    {
        if (target.Contains("://", StringComparison.Ordinal))
        {
            return target;
        }

        // A bare IPv6 address needs brackets to be a URL's host.
        return target.Count(c => c == ':') > 1 && !target.StartsWith('[') ? $"http://[{target}]/" : $"http://{target}/";
    }
}
