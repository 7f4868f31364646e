using System.Globalization;
using Uptime.Settings;

namespace Uptime.Agent.Configuration;

/// <summary>A number of seconds (fractions allowed) above zero, or from zero with <see cref="AllowZero"/>, up to a day.</summary>
internal sealed class SecondsSettingAttribute : SettingAttribute
{
    public bool AllowZero { get; init; }

    public override object? Parse(string variable, string text)
    {
        // Range-checked before the conversion: TimeSpan.FromSeconds throws on huge values.
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && (seconds > 0 || (AllowZero && seconds == 0)) && seconds <= AgentOptionsValidator.MaxSeconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        throw new FormatException(AllowZero ? AgentOptionsValidator.SecondsOrZeroRule(variable, text) : AgentOptionsValidator.SecondsRule(variable, text));
    }
}
