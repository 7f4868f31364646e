using Uptime.Hub.Hosting;

namespace Uptime.Hub.Notifications;

/// <summary>
/// The body of <c>POST</c> (a whole policy, defaults filled in) or <c>PATCH /api/notification-policies/{id}</c> (what
/// changes; <c>null</c> websiteIds or tags clears them), read field by field. Whether the websites and channels exist is
/// checked when the policy is written (<see cref="PolicyRepository"/>).
/// </summary>
public sealed record PolicyInput(
    string? Name,
    bool? Enabled,
    bool? IsDefault,
    bool WebsitesGiven,
    Guid[]? WebsiteIds,
    bool TagsGiven,
    string[]? Tags,
    string[]? Events,
    int? QuietSeconds,
    int? ReminderMinutes,
    Guid[]? ChannelIds)
{
    public const int MaxNameLength = 100;
    public const int MaxWebsiteIds = 10_000;
    public const int MaxTags = 20;
    public const int MaxTagLength = 50;
    public const int MaxQuietSeconds = 86_400;
    public const int MaxReminderMinutes = 10_080;
    public const int DefaultReminderMinutes = 60;
    public const int MaxChannels = 100;
    private const int MaxBodyBytes = 1024 * 1024;

    public const string TagRule = "1 to 50 characters of a-z, 0-9, '.', '_' and '-' (upper case is lower-cased)";

    private static readonly string[] _fields =
        ["name", "enabled", "isDefault", "websiteIds", "tags", "events", "quietSeconds", "reminderMinutes", "channelIds"];

    public static async Task<(PolicyInput? Input, Dictionary<string, string[]>? Errors)> ReadAsync(HttpRequest request, bool creating)
    {
        var (document, bodyError) = await JsonObjectBody.ReadAsync(request, MaxBodyBytes);
        if (document is null)
        {
            return (null, new() { ["body"] = [bodyError!] });
        }

        using (document)
        {
            var fields = BodyFields.Read(document.RootElement, _fields);
            var input = new PolicyInput(
                fields.Text("name", MaxNameLength),
                fields.Boolean("enabled"),
                fields.Boolean("isDefault"),
                fields.Has("websiteIds"),
                fields.Ids("websiteIds", MaxWebsiteIds, "website"),
                fields.Has("tags"),
                fields.Words("tags", MaxTags, TagRule, NormalizeTag),
                fields.Words("events", NotificationEventKind.Routable.Count, $"one of {string.Join(", ", NotificationEventKind.Routable)}", Event),
                fields.Integer("quietSeconds", 0, MaxQuietSeconds, "seconds"),
                fields.Integer("reminderMinutes", 0, MaxReminderMinutes, "minutes (0: no reminder)"),
                fields.Ids("channelIds", MaxChannels, "notification channel"));
            foreach (var required in new[] { "name", "events", "channelIds", "enabled", "isDefault", "quietSeconds", "reminderMinutes" })
            {
                if (fields.IsNull(required))
                {
                    fields.Errors.TryAdd(required, [$"{required} cannot be null"]);
                }
            }

            if (creating)
            {
                foreach (var required in new[] { "name", "channelIds" })
                {
                    if (!fields.Has(required))
                    {
                        fields.Errors.TryAdd(required, [$"{required} is required"]);
                    }
                }
            }

            return fields.Errors.Count > 0 ? (null, fields.Errors) : (input, null);
        }
    }

    /// <summary>The policy this input makes of <paramref name="stored"/> (null: a new one, with the defaults).</summary>
    public PolicyView ApplyTo(PolicyView? stored) => new(
        stored?.Id ?? Guid.CreateVersion7(),
        Name ?? stored!.Name,
        Enabled ?? stored?.Enabled ?? true,
        IsDefault ?? stored?.IsDefault ?? false,
        WebsitesGiven ? WebsiteIds : stored?.WebsiteIds,
        TagsGiven ? Tags : stored?.Tags,
        Events ?? stored?.Events ?? NotificationEventKind.Routable,
        QuietSeconds ?? stored?.QuietSeconds ?? 0,
        ReminderMinutes ?? stored?.ReminderMinutes ?? DefaultReminderMinutes,
        ChannelIds ?? stored!.ChannelIds,
        stored?.CreatedAt ?? default,
        stored?.UpdatedAt ?? default);

    /// <summary>
    /// The problem of a policy that would have both a website list and tags (a change may give one while the other is
    /// stored), named after the field this input gave; null when there is none.
    /// </summary>
    public Dictionary<string, string[]>? Conflict(PolicyView policy) => policy.WebsiteIds is not null && policy.Tags is not null
        ? new() { [TagsGiven ? "tags" : "websiteIds"] = ["websiteIds and tags cannot both be set: a policy covers a list of websites or those with any of some tags (set the other to null)"] }
        : null;

    /// <summary>The tag <paramref name="text"/> names, lower-cased (the websites' tag rule); null when it is no tag.</summary>
    public static string? NormalizeTag(string text)
    {
        var tag = text.Trim().ToLowerInvariant();
        return tag.Length is >= 1 and <= MaxTagLength && tag.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-') ? tag : null;
    }

    private static string? Event(string text) => NotificationEventKind.Routable.FirstOrDefault(e => e == text);
}
