using System.Globalization;
using System.Net;
using Uptime.Security;

namespace Uptime.Hub.Hosting;

/// <summary>Typed reads of environment variables; every bad value is a <see cref="FormatException"/> naming the variable.</summary>
internal static class EnvironmentValues
{
    /// <summary>"true" or "false" (any case); unset means the fallback.</summary>
    public static bool Boolean(Func<string, string?> env, string name, bool fallback)
    {
        var value = env(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        return bool.TryParse(value.Trim(), out var flag)
            ? flag
            : throw new FormatException($"{name} must be \"true\" or \"false\", got \"{value}\"");
    }

    /// <summary>
    /// One of a fixed set of words (any case, trimmed), as its value; unset means the fallback, any other word is an error
    /// listing the choices: <c>NAME must be "a", "b" or "c", got "x"</c>.
    /// </summary>
    public static T Choice<T>(Func<string, string?> env, string name, T fallback, params (string Word, T Value)[] choices)
    {
        var value = env(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        foreach (var (word, choice) in choices)
        {
            if (string.Equals(value.Trim(), word, StringComparison.OrdinalIgnoreCase))
            {
                return choice;
            }
        }

        var words = choices.Select(c => $"\"{c.Word}\"").ToArray();
        throw new FormatException($"{name} must be {string.Join(", ", words[..^1])} or {words[^1]}, got \"{value}\"");
    }

    public static string Text(Func<string, string?> env, string name, string fallback)
    {
        var value = env(name);
        return string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
    }

    public static int Port(Func<string, string?> env, string name, int fallback) => Integer(env, name, fallback, 1, 65535);

    public static TimeSpan Seconds(Func<string, string?> env, string name, TimeSpan fallback, int min, int max) =>
        TimeSpan.FromSeconds(Integer(env, name, (int)fallback.TotalSeconds, min, max));

    public static int Integer(Func<string, string?> env, string name, int fallback, int min, int max)
    {
        var value = env(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw new FormatException($"{name} must be an integer between {min} and {max}, got \"{value}\"");
        }

        return number;
    }

    public static IPAddress? Ip(Func<string, string?> env, string name)
    {
        var value = env(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return TryParseIp(value.Trim(), out var address)
            ? address
            : throw new FormatException($"{name} must be an IP address, got \"{value}\"");
    }

    /// <summary>Only full forms: IPAddress.TryParse alone would read "10" as 0.0.0.10.</summary>
    public static bool TryParseIp(string text, out IPAddress address) =>
        IPAddress.TryParse(text, out address!) && (text.Contains(':') || text.Count(c => c == '.') == 3);

    /// <summary>The items of a comma-separated list, trimmed, empty ones left out; unset means none.</summary>
    public static string[] Items(Func<string, string?> env, string name) =>
        env(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    public static IPAddress[] IpList(Func<string, string?> env, string name) =>
        [.. Items(env, name).Select(item =>
            TryParseIp(item, out var address)
                ? address
                : throw new FormatException($"{name} must be a comma-separated list of IP addresses; \"{item}\" is not one"))];

    /// <summary>Comma-separated SHA-256 hex digests (of tokens or keys); a bad item is named by position, never echoed.</summary>
    public static byte[][] HashList(Func<string, string?> env, string name) =>
        [.. Items(env, name).Select((item, index) =>
        {
            try
            {
                return SecretHash.ParseHash(item);
            }
            catch (FormatException e)
            {
                // The item is not echoed: a token pasted here by mistake must not end up in logs.
                throw new FormatException(
                    $"{name} must be a comma-separated list of SHA-256 hex digests (sha256sum of each); item {index + 1} is not one: {e.Message}");
            }
        })];
}
