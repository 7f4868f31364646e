namespace Uptime.Settings;

/// <summary>The text exactly as written, not trimmed: an empty text is a value (to be validated) unless <see cref="EmptyIsUnset"/>.</summary>
public sealed class VerbatimSettingAttribute : SettingAttribute
{
    /// <summary>An empty text keeps the default.</summary>
    public bool EmptyIsUnset { get; init; }

    public override object? Parse(string variable, string text) => EmptyIsUnset && text.Length == 0 ? null : text;
}
