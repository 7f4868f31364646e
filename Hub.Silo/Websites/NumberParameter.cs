using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Uptime.Hub.Websites;

/// <summary>
/// A whole-number query parameter: missing gives <paramref name="Default"/>; anything but a number from
/// <paramref name="Min"/> to <paramref name="Max"/> is refused with a message naming the parameter.
/// </summary>
public sealed record NumberParameter(string Name, int Min, int Max, int Default)
{
    /// <summary>The number <paramref name="text"/> says, or the default when it is missing (or refused).</summary>
    public int Read(string? text) => TryRead(text, out var value) ? value : Default;

    /// <summary>Null when <paramref name="text"/> is accepted, else the error naming the parameter.</summary>
    public ValidationResult? Check(string? text) =>
        TryRead(text, out _) ? null : new($"{Name} must be a whole number between {Min} and {Max}", [Name]);

    private bool TryRead(string? text, out int value)
    {
        if (text is null)
        {
            value = Default;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= Min && value <= Max;
    }
}
