namespace Uptime.Settings;

/// <summary>The text exactly as written, not trimmed.</summary>
public sealed class VerbatimSettingAttribute : SettingAttribute
{
    public override object? Parse(string variable, string text) => text;
}
