namespace Uptime.Settings;

/// <summary>"true" or "false" in any case.</summary>
public sealed class BooleanSettingAttribute : SettingAttribute
{
    public override object? Parse(string variable, string text) =>
        bool.TryParse(text.Trim(), out var flag)
            ? flag
            : throw new FormatException($"{variable} must be \"true\" or \"false\", got \"{text}\"");
}
