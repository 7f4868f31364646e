using Uptime.Security;
using Uptime.Settings;

namespace Uptime.Hub.Hosting;

/// <summary>
/// Comma-separated SHA-256 hex digests (of tokens or keys), as byte arrays; unset or blank means none. A bad item is named
/// by its position, never echoed: a token pasted here by mistake must not end up in logs.
/// </summary>
public sealed class Sha256ListSettingAttribute : SettingAttribute
{
    public override object? Parse(string variable, string text) =>
        CommaList.Items(text).Select((item, index) =>
        {
            try
            {
                return SecretHash.ParseHash(item);
            }
            catch (FormatException e)
            {
                throw new FormatException(
                    $"{variable} must be a comma-separated list of SHA-256 hex digests (sha256sum of each); item {index + 1} is not one: {e.Message}");
            }
        }).ToArray();
}
