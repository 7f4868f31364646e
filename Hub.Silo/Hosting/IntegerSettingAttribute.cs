using System.Globalization;
using Uptime.Settings;

namespace Uptime.Hub.Hosting;

/// <summary>A decimal integer from min to max.</summary>
public class IntegerSettingAttribute(int min, int max) : SettingAttribute
{
    public override object? Parse(string variable, string text)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw new FormatException($"{variable} must be an integer between {min} and {max}, got \"{text}\"");
        }

        return Convert(number);
    }

    /// <summary>The property's value for <paramref name="number"/>.</summary>
    protected virtual object Convert(int number) => number;
}

/// <summary>A whole number of seconds from min to max, as a <see cref="TimeSpan"/>.</summary>
public sealed class SecondsSettingAttribute(int min, int max) : IntegerSettingAttribute(min, max)
{
    protected override object Convert(int number) => TimeSpan.FromSeconds(number);
}

/// <summary>A whole number of hours from min to max, as a <see cref="TimeSpan"/>.</summary>
public sealed class HoursSettingAttribute(int min, int max) : IntegerSettingAttribute(min, max)
{
    protected override object Convert(int number) => TimeSpan.FromHours(number);
}

/// <summary>A whole number of days from min to max, as a <see cref="TimeSpan"/>.</summary>
public sealed class DaysSettingAttribute(int min, int max) : IntegerSettingAttribute(min, max)
{
    protected override object Convert(int number) => TimeSpan.FromDays(number);
}
