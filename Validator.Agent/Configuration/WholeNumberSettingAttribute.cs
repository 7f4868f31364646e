using System.Globalization;
using Uptime.Settings;

namespace Uptime.Agent.Configuration;

/// <summary>A decimal whole number from min to max.</summary>
internal sealed class WholeNumberSettingAttribute(int min, int max) : SettingAttribute
{
    public override object? Parse(string variable, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new FormatException(AgentOptionsValidator.RangeRule(variable, min, max, IsNumber(text, out var parsed) ? parsed : text));

    /// <summary>A number out of range is quoted as a number, anything else as written.</summary>
    internal static bool IsNumber(string text, out string number)
    {
        var isNumber = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value);
        number = value.ToString(CultureInfo.InvariantCulture);
        return isNumber;
    }
}

/// <summary>A decimal whole number above zero.</summary>
internal sealed class PositiveWholeNumberSettingAttribute : SettingAttribute
{
    public override object? Parse(string variable, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new FormatException(
                AgentOptionsValidator.CountRule(variable, WholeNumberSettingAttribute.IsNumber(text, out var parsed) ? parsed : text));
}
