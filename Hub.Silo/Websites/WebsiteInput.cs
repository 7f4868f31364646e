using System.Text.Json;
using Uptime.Hub.Hosting;
using Uptime.Protocol.Checks;

namespace Uptime.Hub.Websites;

/// <summary>
/// The fields of a website create/update body, validated field by field into precise messages (read by hand, see
/// <see cref="JsonObjectBody"/>). <paramref name="Name"/> is null when the body left the name as it is and holds null to
/// clear it; <paramref name="Tags"/> is null when the body left the tags as they are. <paramref name="Type"/> is the monitor
/// type when the body gave one; <paramref name="Check"/> the canonical check definition to store (its value null: the
/// type's plain check), null when the check stays as it is (a changed type without a check resets it to plain).
/// </summary>
public sealed record WebsiteInput(
    string? Url, int? Interval, bool? Enabled, VerdictPolicyChanges Verdict, Set<string?>? Name = null, string[]? Tags = null,
    MonitorType? Type = null, Set<string?>? Check = null)
{
    public const int DefaultInterval = 30;
    public const int MinInterval = 10;
    public const int MaxInterval = 86_400;
    public const int MaxUrlLength = 2048;

    /// <summary>Room for a check with a request body of its largest size (64 KiB of UTF-8) and the rest of the fields.</summary>
    public const int MaxBodyBytes = 128 * 1024;

    /// <summary>
    /// Reads the body; returns the input or the validation errors by field name. <paramref name="storedType"/> (a change)
    /// gives the website's monitor type, asked only when the body's url or check must be read for it.
    /// </summary>
    public static async Task<(WebsiteInput? Input, Dictionary<string, string[]>? Errors)> ReadAsync(
        HttpRequest request, bool creating, WebsiteTargets targets, Func<Task<MonitorType>>? storedType = null)
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
            MonitorType? type = null;
            JsonElement? check = null;
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
                        url = ReadUrl(property.Value, errors);
                        break;
                    case "type":
                        type = ReadType(property.Value, errors);
                        break;
                    case "check":
                        check = property.Value.Clone();
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
            if (errors.ContainsKey("type") || errors.ContainsKey("url"))
            {
                return (null, errors);
            }

            var stored = creating || storedType is null || (type is null && url is null && check is null) ? MonitorType.Http : await storedType();
            var monitor = type ?? stored;
            var changesType = !creating && type is not null && type != stored;
            if (url is null && monitor != MonitorType.Push && (creating || changesType))
            {
                errors["url"] = [creating ? "url is required" : $"url is required to change the type to {MonitorTypeNames.NameOf(monitor)}"];
            }
            else if (url is not null && MonitorTargets.CheckSyntax(targets, monitor, url) is { } urlProblem)
            {
                errors["url"] = [urlProblem];
            }

            var definition = ReadCheck(check, monitor, changesType, errors, targets);
            if (errors.Count == 0 && url is not null
                && await MonitorTargets.CheckAsync(targets, monitor, url, request.HttpContext.RequestAborted) is { } refusal)
            {
                errors["url"] = [refusal];
            }

            return errors.Count > 0
                ? (null, errors)
                : (new WebsiteInput(url, interval, enabled, verdict, name, tags, type, definition), null);
        }
    }

    /// <summary>
    /// The check to store: the canonical text of <paramref name="check"/> read for <paramref name="type"/>, null in the set
    /// for the type's plain check (JSON null, an empty object, or a changed type without a check); null to keep it.
    /// </summary>
    private static Set<string?>? ReadCheck(
        JsonElement? check, MonitorType type, bool changesType, Dictionary<string, string[]> errors, WebsiteTargets targets)
    {
        if (check is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return check is not null || changesType ? new Set<string?>(null) : null;
        }

        var definition = CheckDefinitionJson.Read(type, element, "check", out var problem);
        if (definition is null)
        {
            errors["check"] = [problem!];
            return null;
        }

        if (definition is DnsCheckDefinition { Server: { } server } && MonitorTargets.ServerRefusal(targets, server) is { } refusal)
        {
            errors["check"] = [refusal];
            return null;
        }

        return new Set<string?>(CheckDefinitionJson.IsPlain(definition) ? null : CheckDefinitionJson.Write(definition));
    }

    private static MonitorType? ReadType(JsonElement value, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.String && MonitorTypeNames.TryParse(value.GetString(), out var type))
        {
            return type;
        }

        errors["type"] = ["type must be one of \"http\", \"tcp\", \"dns\", \"push\""];
        return null;
    }

    private static string Expected(bool creating) =>
        string.Join(
            ", ",
            (creating ? ["url", "type", "check", "interval", "name", "tags"] : new[] { "url", "type", "check", "interval", "enabled", "name", "tags" })
                .Concat(VerdictPolicyInput.Fields));

    private static string? ReadUrl(JsonElement value, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors["url"] = ["url must be a string"];
            return null;
        }

        try
        {
            return value.GetString()!.Trim();
        }
        catch (InvalidOperationException)
        {
            // GetString throws on invalid UTF-8 bytes and unpaired surrogate escapes.
            errors["url"] = ["url must be valid Unicode text"];
            return null;
        }
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
