using System.Net;
using Uptime.Settings;

namespace Uptime.Hub.Hosting;

/// <summary>An IP address in full form.</summary>
public sealed class IpAddressSettingAttribute : SettingAttribute
{
    public override object? Parse(string variable, string text) =>
        TryParse(text.Trim(), out var address)
            ? address
            : throw new FormatException($"{variable} must be an IP address, got \"{text}\"");

    /// <summary>Only full forms: IPAddress.TryParse alone would read "10" as 0.0.0.10.</summary>
    public static bool TryParse(string text, out IPAddress address) =>
        IPAddress.TryParse(text, out address!) && (text.Contains(':') || text.Count(c => c == '.') == 3);
}
