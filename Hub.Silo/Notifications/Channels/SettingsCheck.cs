using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Uptime.Hub.Notifications.Channels;

/// <summary>Collects the problems of a channel's settings, one per setting name, each message naming the setting.</summary>
internal sealed class SettingsCheck
{
    private readonly JsonObject _settings;
    private readonly Dictionary<string, string> _problems = new(StringComparer.Ordinal);

    public SettingsCheck(JsonObject settings, string type, IReadOnlyCollection<string> known)
    {
        _settings = settings;
        foreach (var (name, _) in settings)
        {
            if (!known.Contains(name))
            {
                _problems[name] = $"{name} is not a setting of a {type} channel (its settings: {string.Join(", ", known)})";
            }
        }
    }

    public IReadOnlyDictionary<string, string> Problems => _problems;

    /// <summary>The string value of <paramref name="name"/>; a problem when it is missing and required, or not a non-empty string.</summary>
    public string? Text(string name, bool required, string what = "a value")
    {
        switch (_settings[name])
        {
            case null when required:
                _problems[name] = $"{name} is required: {what}";
                return null;
            case null:
                return null;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Trim().Length > 0:
                return value.GetValue<string>();
            default:
                _problems[name] = $"{name} must be a non-empty string: {what}";
                return null;
        }
    }

    public void HttpUrl(string name, bool required, string what)
    {
        if (Text(name, required, what) is not { } text)
        {
            return;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Host.Length == 0)
        {
            _problems[name] = $"{name} must be an absolute URL ({what})";
        }
        else if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
        {
            _problems[name] = $"{name} must be an https:// or http:// URL, not {url.Scheme}:";
        }
        else if (url.UserInfo.Length > 0)
        {
            _problems[name] = $"{name} must not carry credentials before the host";
        }
    }

    public void Matches(string name, bool required, Func<string, bool> isValid, string what)
    {
        if (Text(name, required, what) is { } text && !isValid(text))
        {
            _problems[name] = $"{name} must be {what}";
        }
    }

    public void OneOf(string name, IReadOnlyCollection<string> allowed)
    {
        if (Text(name, required: false, $"one of {string.Join(", ", allowed)}") is { } text && !allowed.Contains(text))
        {
            _problems[name] = $"{name} must be one of {string.Join(", ", allowed)}, got \"{text}\"";
        }
    }

    public void Integer(string name, int min, int max)
    {
        if (_settings[name] is { } node && (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number
            || !value.TryGetValue<int>(out var number) || number < min || number > max))
        {
            _problems[name] = $"{name} must be an integer from {min} to {max}";
        }
    }

    /// <summary>An array of strings, between <paramref name="min"/> and <paramref name="max"/> of them, each passing <paramref name="isValid"/>.</summary>
    public void Texts(string name, int min, int max, Func<string, bool> isValid, string what)
    {
        var node = _settings[name];
        if (node is null && min == 0)
        {
            return;
        }
        if (node is not JsonArray array || array.Count < min || array.Count > max)
        {
            _problems[name] = $"{name} must be an array of {min} to {max} {what}";
            return;
        }
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonValue value || value.GetValueKind() != JsonValueKind.String || !isValid(value.GetValue<string>()))
            {
                _problems[name] = $"{name}[{i}] is not {Article(what)}: {array[i]?.ToJsonString() ?? "null"}";
                return;
            }
        }
    }

    public void Problem(string name, string message) => _problems[name] = message;

    public bool Has(string name) => _problems.ContainsKey(name);

    public static bool IsEmailAddress(string text)
    {
        try
        {
            var address = new MailAddress(text);
            return address.Address == text.Trim() && address.Host.Contains('.', StringComparison.Ordinal);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string Article(string plural) => "a valid " + plural.TrimEnd('s');
}
