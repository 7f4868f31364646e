using Uptime.Hub.Hosting;
using Uptime.Settings;

namespace Uptime.Hub.Access;

/// <summary>Comma-separated exact origins (<c>scheme://host[:port]</c>, as browsers send them in <c>Origin</c>); unset or blank means none.</summary>
public sealed class OriginListSettingAttribute : SettingAttribute
{
    public override object? Parse(string variable, string text) =>
        CommaList.Items(text).Select(item => IsOrigin(item)
            ? item
            : throw new FormatException(
                $"{variable} must be a comma-separated list of origins such as https://status.example.com; \"{item}\" is not one")).ToArray();

    /// <summary>No path, no trailing slash.</summary>
    private static bool IsOrigin(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && string.Equals(uri.GetLeftPart(UriPartial.Authority), text, StringComparison.OrdinalIgnoreCase);
}
