using System.ComponentModel.DataAnnotations;

namespace Uptime.Hub.Websites;

/// <summary>
/// A query parameter naming one of <paramref name="Choices"/> in any case (read in the spelling of the list); missing gives
/// <paramref name="Default"/>; anything else is refused with a message listing the choices.
/// </summary>
public sealed record ChoiceParameter(string Name, IReadOnlyList<string> Choices, string? Default)
{
    /// <summary>The choice <paramref name="text"/> names, or the default when it is missing (or refused).</summary>
    public string? Read(string? text) => text is null ? Default : Match(text) ?? Default;

    /// <summary>Null when <paramref name="text"/> is accepted, else the error naming the parameter.</summary>
    public ValidationResult? Check(string? text) =>
        text is null || Match(text) is not null ? null : new($"{Name} must be one of {string.Join(", ", Choices)}", [Name]);

    private string? Match(string text) => Choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase));
}
