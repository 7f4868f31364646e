namespace Uptime.Settings;

/// <summary>Any text, trimmed; blank keeps the default.</summary>
public sealed class TextSettingAttribute : SettingAttribute
{
    public override object? Parse(string variable, string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
