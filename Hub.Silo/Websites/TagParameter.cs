using System.ComponentModel.DataAnnotations;

namespace Uptime.Hub.Websites;

/// <summary>The <c>tag</c> query parameter of the website lists: one tag (<see cref="WebsiteNameAndTags.TagRule"/>), any case.</summary>
public static class TagParameter
{
    /// <summary>The tag <paramref name="text"/> names, lower-cased; null when missing (or refused).</summary>
    public static string? Read(string? text) => WebsiteNameAndTags.Normalize(text);

    /// <summary>Null when <paramref name="text"/> is missing or a tag, else the error naming the parameter.</summary>
    public static ValidationResult? Check(string? text) =>
        text is null || WebsiteNameAndTags.Normalize(text) is not null
            ? null
            : new($"tag must be {WebsiteNameAndTags.TagRule}", ["tag"]);
}
