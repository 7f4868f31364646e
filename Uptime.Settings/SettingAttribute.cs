namespace Uptime.Settings;

/// <summary>
/// How the text of an environment variable becomes the value of the property it is mapped onto (with
/// <see cref="Microsoft.Extensions.Configuration.ConfigurationKeyNameAttribute"/>): the rule, range and error text of one
/// setting, next to its name and default.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public abstract class SettingAttribute : Attribute
{
    /// <summary>
    /// The value <paramref name="text"/> (never blank: a blank value keeps the default without being parsed) sets, or null to
    /// keep the property's default; a bad text is a <see cref="FormatException"/> whose message names <paramref name="variable"/>.
    /// </summary>
    public abstract object? Parse(string variable, string text);
}
