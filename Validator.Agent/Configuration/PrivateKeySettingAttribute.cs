using Uptime.Security;
using Uptime.Settings;

namespace Uptime.Agent.Configuration;

/// <summary>A secp256k1 private key as 64 hex digits (<c>0x</c> optional). The key is never in a message.</summary>
internal sealed class PrivateKeySettingAttribute : SettingAttribute
{
    public override object? Parse(string variable, string text)
    {
        try
        {
            return ValidatorKey.FromHex(text.Trim());
        }
        catch (FormatException e)
        {
            throw new FormatException($"{variable} is not a valid private key: {e.Message}");
        }
    }
}
