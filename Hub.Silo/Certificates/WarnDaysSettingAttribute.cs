using System.Globalization;
using Uptime.Settings;

namespace Uptime.Hub.Certificates;

/// <summary>
/// Comma-separated whole days, each from 1 to 365 and given once, as an <c>int[]</c> from the largest down; <c>off</c> or
/// <c>0</c> alone is the empty list (no warnings).
/// </summary>
public sealed class WarnDaysSettingAttribute : SettingAttribute
{
    public const int MaxDays = 365;

    public override object? Parse(string variable, string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Equals("off", StringComparison.OrdinalIgnoreCase) || trimmed == "0")
        {
            return Array.Empty<int>();
        }

        var days = new List<int>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var day) || day < 1 || day > MaxDays)
            {
                throw new FormatException(
                    $"{variable} must be a comma-separated list of whole days between 1 and {MaxDays} (e.g. 30,14,7,1), or off; \"{item}\" is not one");
            }

            if (days.Contains(day))
            {
                throw new FormatException($"{variable} names {day} days twice; each threshold may appear once");
            }

            days.Add(day);
        }

        return days.OrderDescending().ToArray();
    }
}
