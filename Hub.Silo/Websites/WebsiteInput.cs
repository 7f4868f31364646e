using System.Text.Json;
using Uptime.Hub.Hosting;

namespace Uptime.Hub.Websites;

/// <summary>
/// The fields of a website create/update body, validated field by field into precise messages (read by hand, see
/// <see cref="JsonObjectBody"/>). <paramref name="Name"/> is null when the body left the name as it is and holds null to
/// clear it; <paramref name="Tags"/> is null when the body left the tags as they are.
/// </summary>
public sealed record WebsiteInput(
    string? Url, int? Interval, bool? Enabled, VerdictPolicyChanges Verdict, Set<string?>? Name = null, string[]? Tags = null)
{
    public const int DefaultInterval = 30;
    public const int MinInterval = 10;
    public const int MaxInterval = 86_400;
    public const int MaxUrlLength = 2048;
    private const int MaxBodyBytes = 16 * 1024;

    /// <summary>Reads the body; returns the input or the validation errors by field name.</summary>
    public static async Task<(WebsiteInput? Input, Dictionary<string, string[]>? Errors)> ReadAsync(
        HttpRequest request, bool creating, WebsiteTargets targets)
    {
        var (document, bodyError) = await JsonObjectBody.ReadAsync(request, MaxBodyBytes);
        if (document is null)
        {
            return Fail("body", bodyError!);
        }

        using (document)
        {
            var errors = new Dictionary<string, string[]>();
            string? url = null;
            int? interval = null;
            bool? enabled = null;
            Set<string?>? name = null;
            string[]? tags = null;
            var verdict = VerdictPolicyChanges.None;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    errors[property.Name] = [$"{property.Name} appears more than once"];
                    continue;
                }

                switch (property.Name)
                {
                    case "url":
                        url = ReadUrl(property.Value, errors, targets);
                        break;
                    case "interval":
                        interval = ReadInterval(property.Value, errors);
                        break;
                    case "name":
                        name = WebsiteNameAndTags.ReadName(property.Value, errors);
                        break;
                    case "tags":
                        tags = WebsiteNameAndTags.ReadTags(property.Value, errors);
                        break;
                    case "enabled" when !creating:
                        enabled = ReadEnabled(property.Value, errors);
                        break;
                    default:
                        if (!VerdictPolicyInput.TryRead(property, ref verdict, errors))
                        {
                            errors[property.Name] = [$"Unknown field \"{property.Name}\"; expected {Expected(creating)}"];
                        }

                        break;
                }
            }

            VerdictPolicyInput.CheckTogether(verdict, errors);
            if (creating && url is null && !errors.ContainsKey("url"))
            {
                errors["url"] = ["url is required"];
            }

            if (errors.Count == 0 && url is not null && await targets.CheckAsync(url, request.HttpContext.RequestAborted) is { } refusal)
            {
                errors["url"] = [refusal];
            }

            return errors.Count > 0 ? (null, errors) : (new WebsiteInput(url, interval, enabled, verdict, name, tags), null);
        }
    }

    private static string Expected(bool creating) =>
        string.Join(", ", (creating ? ["url", "interval", "name", "tags"] : new[] { "url", "interval", "enabled", "name", "tags" }).Concat(VerdictPolicyInput.Fields));

    private static string? ReadUrl(JsonElement value, Dictionary<string, string[]> errors, WebsiteTargets targets)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors["url"] = ["url must be a string"];
            return null;
        }

        string url;
        try
        {
            url = value.GetString()!.Trim();
        }
        catch (InvalidOperationException)
        {
            // GetString throws on invalid UTF-8 bytes and unpaired surrogate escapes.
            errors["url"] = ["url must be valid Unicode text"];
            return null;
        }

        var problem = targets.CheckSyntax(url);
        if (problem is not null)
        {
            errors["url"] = [problem];
            return null;
        }

        return url;
    }

    private static int? ReadInterval(JsonElement value, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var seconds) && seconds is >= MinInterval and <= MaxInterval)
        {
            return seconds;
        }

        errors["interval"] = [$"interval must be a whole number of seconds between {MinInterval} and {MaxInterval}"];
        return null;
    }

    private static bool? ReadEnabled(JsonElement value, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors["enabled"] = ["enabled must be true or false"];
        return null;
    }

    private static (WebsiteInput?, Dictionary<string, string[]>?) Fail(string field, string message) =>
        (null, new Dictionary<string, string[]> { [field] = [message] });
}
