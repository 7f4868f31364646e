using System.Net;
using Uptime.Settings;

namespace Uptime.Hub.Hosting;

/// <summary>Comma-separated IP addresses in full form, as an <see cref="IPAddress"/> array; unset or blank means none.</summary>
public sealed class IpAddressListSettingAttribute : SettingAttribute
{
    public override object? Parse(string variable, string text) =>
        CommaList.Items(text).Select(item =>
            IpAddressSettingAttribute.TryParse(item, out var address)
                ? address
                : throw new FormatException($"{variable} must be a comma-separated list of IP addresses; \"{item}\" is not one")).ToArray();
}
