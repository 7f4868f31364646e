namespace Uptime.Settings;

/// <summary>Any text, trimmed.</summary>
public sealed class TextSettingAttribute : SettingAttribute
{
    public override object? Parse(string variable, string text) => text.Trim();
}
