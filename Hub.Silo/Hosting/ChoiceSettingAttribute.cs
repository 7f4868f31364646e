using Uptime.Settings;

namespace Uptime.Hub.Hosting;

/// <summary>
/// One of the enum's members, written as its name in lower case (any case accepted, trimmed); another word is an error
/// listing the choices: <c>NAME must be "a", "b" or "c", got "x"</c>.
/// </summary>
public sealed class ChoiceSettingAttribute(Type enumType) : SettingAttribute
{
    public override object? Parse(string variable, string text)
    {
        var names = Enum.GetNames(enumType);
        if (Array.Find(names, name => string.Equals(name, text.Trim(), StringComparison.OrdinalIgnoreCase)) is { } chosen)
        {
            return Enum.Parse(enumType, chosen);
        }

        var words = names.Select(name => $"\"{name.ToLowerInvariant()}\"").ToArray();
        throw new FormatException($"{variable} must be {string.Join(", ", words[..^1])} or {words[^1]}, got \"{text}\"");
    }
}
