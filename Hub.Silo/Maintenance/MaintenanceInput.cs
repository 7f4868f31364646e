using System.Globalization;
using System.Text.Json;
using Cronos;
using Uptime.Hub.Hosting;

namespace Uptime.Hub.Maintenance;

/// <summary>
/// The body of <c>POST</c> and <c>PUT /api/maintenance-windows</c>, validated field by field into precise messages (read by
/// hand, see <see cref="JsonObjectBody"/>). Whether the listed websites exist is checked when the window is written, in the
/// same transaction (<see cref="MaintenanceRepository"/>).
/// </summary>
public sealed record MaintenanceInput(
    string Name,
    string Description,
    DateTime? StartsAt,
    DateTime? EndsAt,
    string? Cron,
    string? TimeZone,
    int? DurationMinutes,
    bool AllWebsites,
    IReadOnlyList<Guid> WebsiteIds)
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxDurationMinutes = 7 * 24 * 60;
    public const int MaxWebsiteIds = 10_000;
    public static readonly TimeSpan MaxOneOffLength = TimeSpan.FromDays(30);
    private const int MaxBodyBytes = 1024 * 1024;

    private static readonly string[] _fields =
        ["name", "description", "startsAt", "endsAt", "cron", "timeZone", "durationMinutes", "allWebsites", "websiteIds"];

    /// <summary>Reads the body; returns the input or the validation errors by field name.</summary>
    public static async Task<(MaintenanceInput? Input, Dictionary<string, string[]>? Errors)> ReadAsync(HttpRequest request, DateTime now)
    {
        var (document, bodyError) = await JsonObjectBody.ReadAsync(request, MaxBodyBytes);
        if (document is null)
        {
            return (null, new() { ["body"] = [bodyError!] });
        }

        using (document)
        {
            return Read(document.RootElement, now);
        }
    }

    /// <summary>Validates a body already parsed as a JSON object.</summary>
    public static (MaintenanceInput? Input, Dictionary<string, string[]>? Errors) Read(JsonElement body, DateTime now)
    {
        var errors = new Dictionary<string, string[]>();
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject())
        {
            if (!_fields.Contains(property.Name))
            {
                errors[property.Name] = [$"Unknown field \"{property.Name}\"; expected {string.Join(", ", _fields)}"];
            }
            else if (!fields.TryAdd(property.Name, property.Value))
            {
                errors[property.Name] = [$"{property.Name} appears more than once"];
            }
        }

        var reader = new FieldReader(fields, errors);
        var name = reader.Text("name", MaxNameLength, required: true);
        var description = reader.Text("description", MaxDescriptionLength, required: false) ?? "";
        var (startsAt, endsAt, cron, timeZone, duration) = ReadTiming(reader, errors, now);
        var (allWebsites, websiteIds) = ReadScope(reader, errors);
        return errors.Count > 0
            ? (null, errors)
            : (new MaintenanceInput(name!, description, startsAt, endsAt, cron, timeZone, duration, allWebsites, websiteIds), null);
    }

    private static (DateTime?, DateTime?, string?, string?, int?) ReadTiming(FieldReader reader, Dictionary<string, string[]> errors, DateTime now)
    {
        var oneOff = reader.Has("startsAt") || reader.Has("endsAt");
        var recurring = reader.Has("cron") || reader.Has("timeZone") || reader.Has("durationMinutes");
        if (oneOff == recurring)
        {
            var field = oneOff ? "cron" : "body";
            errors.TryAdd(field, [oneOff
                ? "A window is either one-off (startsAt, endsAt) or recurring (cron, timeZone, durationMinutes), not both"
                : "A window needs startsAt and endsAt (one-off) or cron, timeZone and durationMinutes (recurring)"]);
            return default;
        }

        if (oneOff)
        {
            var startsAt = reader.Instant("startsAt");
            var endsAt = reader.Instant("endsAt");
            if (startsAt is { } start && endsAt is { } end)
            {
                if (end <= start)
                {
                    errors["endsAt"] = ["endsAt must be after startsAt"];
                }
                else if (end - start > MaxOneOffLength)
                {
                    errors["endsAt"] = [$"endsAt must be at most {MaxOneOffLength.TotalDays:0} days after startsAt"];
                }
                else if (end <= now)
                {
                    errors["endsAt"] = [$"endsAt must be in the future (now is {now:yyyy-MM-ddTHH:mm:ssZ})"];
                }
            }

            return (startsAt, endsAt, null, null, null);
        }

        var cron = reader.Cron();
        var zone = reader.TimeZone();
        var duration = reader.Integer("durationMinutes", 1, MaxDurationMinutes, "minutes");
        if (cron is not null && zone is not null && cron.GetNextOccurrence(DateTime.SpecifyKind(now, DateTimeKind.Utc), zone) is null)
        {
            errors["cron"] = ["cron never occurs"];
        }

        return (null, null, reader.Raw("cron"), zone?.Id, duration);
    }

    private static (bool, IReadOnlyList<Guid>) ReadScope(FieldReader reader, Dictionary<string, string[]> errors)
    {
        var all = reader.Boolean("allWebsites");
        if (all == true)
        {
            if (reader.Has("websiteIds"))
            {
                errors["websiteIds"] = ["websiteIds must be left out when allWebsites is true"];
            }

            return (true, []);
        }

        if (!reader.Has("websiteIds"))
        {
            errors.TryAdd("websiteIds", ["websiteIds (a list of website ids) is required unless allWebsites is true"]);
            return (false, []);
        }

        return (false, reader.Ids("websiteIds", MaxWebsiteIds));
    }

    /// <summary>Reads one field at a time, recording a message under the field's name for each that is wrong.</summary>
    private sealed class FieldReader(Dictionary<string, JsonElement> fields, Dictionary<string, string[]> errors)
    {
        public bool Has(string field) => fields.ContainsKey(field);

        public string? Raw(string field) => fields.TryGetValue(field, out var value) ? StringOf(value)?.Trim() : null;

        public string? Text(string field, int maxLength, bool required)
        {
            if (!fields.TryGetValue(field, out var value))
            {
                if (required)
                {
                    errors[field] = [$"{field} is required"];
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                return InvalidObject<string>(field, $"{field} must be a string");
            }

            if (StringOf(value)?.Trim() is not { } text)
            {
                return InvalidObject<string>(field, $"{field} must be valid Unicode text");
            }

            return required && text.Length == 0 ? InvalidObject<string>(field, $"{field} must not be empty")
                : text.Length > maxLength ? InvalidObject<string>(field, $"{field} must be at most {maxLength} characters")
                : text;
        }

        public DateTime? Instant(string field)
        {
            if (!fields.TryGetValue(field, out var value))
            {
                errors[field] = [$"{field} is required for a one-off window"];
                return null;
            }

            // An explicit offset is required: a time without one would be read in the server's zone.
            const string form = "an ISO-8601 time with Z or an offset, such as 2027-03-01T22:00:00Z";
            if (StringOf(value) is { } text
                && text.Contains('T', StringComparison.Ordinal)
                && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant)
                && instant.Kind != DateTimeKind.Unspecified)
            {
                return instant.ToUniversalTime();
            }

            return InvalidValue<DateTime>(field, $"{field} must be {form}, got {value.GetRawText()}");
        }

        public int? Integer(string field, int min, int max, string unit)
        {
            if (fields.TryGetValue(field, out var value) && value.ValueKind == JsonValueKind.Number
                && value.TryGetInt32(out var number) && number >= min && number <= max)
            {
                return number;
            }

            return InvalidValue<int>(field, Has(field)
                ? $"{field} must be a whole number of {unit} between {min} and {max}, got {value.GetRawText()}"
                : $"{field} is required for a recurring window");
        }

        public bool? Boolean(string field)
        {
            if (!fields.TryGetValue(field, out var value))
            {
                return null;
            }

            return value.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? value.GetBoolean()
                : InvalidValue<bool>(field, $"{field} must be true or false");
        }

        public CronExpression? Cron()
        {
            const string form = "a cron expression of five fields (minute hour day-of-month month day-of-week), such as \"0 2 * * 0\"";
            if (!fields.TryGetValue("cron", out var value))
            {
                return InvalidObject<CronExpression>("cron", "cron is required for a recurring window");
            }

            if (StringOf(value) is not { } text)
            {
                return InvalidObject<CronExpression>("cron", $"cron must be {form}");
            }

            try
            {
                return CronExpression.Parse(text.Trim(), CronFormat.Standard);
            }
            catch (CronFormatException e)
            {
                return InvalidObject<CronExpression>("cron", $"cron must be {form}: {e.Message}");
            }
        }

        public TimeZoneInfo? TimeZone()
        {
            if (!fields.TryGetValue("timeZone", out var value))
            {
                return InvalidObject<TimeZoneInfo>("timeZone", "timeZone is required for a recurring window");
            }

            var id = StringOf(value)?.Trim();
            return id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId
                ? zone
                : InvalidObject<TimeZoneInfo>("timeZone", $"timeZone must be an IANA time zone such as \"Europe/Berlin\" or \"UTC\", got {value.GetRawText()}");
        }

        public IReadOnlyList<Guid> Ids(string field, int max)
        {
            var value = fields[field];
            if (value.ValueKind != JsonValueKind.Array)
            {
                return InvalidList(field, $"{field} must be a list of website ids");
            }

            var ids = new List<Guid>();
            var seen = new HashSet<Guid>();
            foreach (var item in value.EnumerateArray())
            {
                if (!Guid.TryParse(StringOf(item), out var id))
                {
                    return InvalidList(field, $"{field} must hold website ids (GUIDs), got {item.GetRawText()}");
                }

                if (!seen.Add(id))
                {
                    return InvalidList(field, $"{field} lists {id} more than once");
                }

                ids.Add(id);
            }

            return ids.Count == 0 ? InvalidList(field, $"{field} must list at least one website (or set allWebsites to true)")
                : ids.Count > max ? InvalidList(field, $"{field} may list at most {max} websites")
                : ids;
        }

        /// <summary>The text of a JSON string; null for another kind or for invalid UTF-8 and unpaired surrogate escapes.</summary>
        private static string? StringOf(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            try
            {
                return value.GetString();
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        private T? InvalidValue<T>(string field, string message)
            where T : struct
        {
            errors[field] = [message];
            return null;
        }

        private T? InvalidObject<T>(string field, string message)
            where T : class
        {
            errors[field] = [message];
            return null;
        }

        private IReadOnlyList<Guid> InvalidList(string field, string message)
        {
            errors[field] = [message];
            return [];
        }
    }
}
