using System.Globalization;
using Uptime.Protocol;

namespace Uptime.Agent.Configuration;

/// <summary>Checks <see cref="AgentOptions"/> at start; a problem is one line naming the variable and what is wrong.</summary>
internal static class AgentOptionsValidator
{
    public const double MaxSeconds = 86_400;

    public static readonly (int Min, int Max) MaxRedirectsRange = (0, 50);

    public static readonly (int Min, int Max) MaxResponseBytesRange = (1024, 1024 * 1024 * 1024);

    public static string? Validate(AgentOptions options)
    {
        if (ValidateHubUrls(options.HubUrl) is { } hubUrlError)
        {
            return hubUrlError;
        }

        if (!EthereumAddress.IsValid(options.PublicKey))
        {
            return $"{AgentEnvironmentVariables.PublicKey} must be 0x followed by 40 hex digits (a 20-byte address), got \"{options.PublicKey}\"";
        }

        if (options.Key is { } key && !string.Equals(options.PublicKey, key.Address, StringComparison.OrdinalIgnoreCase))
        {
            return $"{AgentEnvironmentVariables.PublicKey} is {options.PublicKey}, but the key from {options.KeySource} has the address "
                + $"{key.Address}; unset {AgentEnvironmentVariables.PublicKey} or configure the matching key";
        }

        if (string.IsNullOrWhiteSpace(options.Location))
        {
            return $"{AgentEnvironmentVariables.Location} must not be empty";
        }

        if (options.Location.Trim().Length > ValidatorMessageParser.MaxLocationLength)
        {
            return $"{AgentEnvironmentVariables.Location} must be at most {ValidatorMessageParser.MaxLocationLength} characters, got {options.Location.Trim().Length}";
        }

        if (options.MaxConcurrentChecks <= 0)
        {
            return CountRule(AgentEnvironmentVariables.MaxConcurrentChecks, options.MaxConcurrentChecks.ToString(CultureInfo.InvariantCulture));
        }

        if (options.MaxUnackedTicks <= 0)
        {
            return CountRule(AgentEnvironmentVariables.MaxUnackedTicks, options.MaxUnackedTicks.ToString(CultureInfo.InvariantCulture));
        }

        if (!InRange(options.MaxRedirects, MaxRedirectsRange))
        {
            return RangeRule(AgentEnvironmentVariables.MaxRedirects, MaxRedirectsRange, options.MaxRedirects.ToString(CultureInfo.InvariantCulture));
        }

        if (!InRange(options.MaxResponseBytes, MaxResponseBytesRange))
        {
            return RangeRule(AgentEnvironmentVariables.MaxResponseBytes, MaxResponseBytesRange, options.MaxResponseBytes.ToString(CultureInfo.InvariantCulture));
        }

        return ValidateSeconds(AgentEnvironmentVariables.HeartbeatIntervalSeconds, options.HeartbeatInterval)
            ?? ValidateSeconds(AgentEnvironmentVariables.ReconnectDelaySeconds, options.ReconnectDelay)
            ?? ValidateSeconds(AgentEnvironmentVariables.CheckTimeoutSeconds, options.CheckTimeout)
            ?? ValidateSeconds(AgentEnvironmentVariables.TickAckTimeoutSeconds, options.TickAckTimeout)
            ?? ValidateSeconds(AgentEnvironmentVariables.StatsIntervalSeconds, options.StatsInterval)
            ?? ValidateSecondsOrZero(AgentEnvironmentVariables.ShutdownDrainSeconds, options.ShutdownDrainTimeout)
            ?? ValidateTickLog(options.TickLogPath);
    }

    public static string CountRule(string variable, string got) => $"{variable} must be a positive whole number, got \"{got}\"";

    public static string RangeRule(string variable, (int Min, int Max) range, string got) =>
        $"{variable} must be a whole number from {range.Min} to {range.Max}, got \"{got}\"";

    public static string SecondsRule(string variable, string got) =>
        $"{variable} must be a positive number of seconds (at most {MaxSeconds}), got \"{got}\"";

    public static string SecondsOrZeroRule(string variable, string got) =>
        $"{variable} must be a number of seconds from 0 to {MaxSeconds}, got \"{got}\"";

    /// <summary>
    /// One URL keeps the original message; in a comma-separated list the message names the item by position,
    /// e.g. <c>HUB_URL item 2 of 3 must be an absolute ws:// or wss:// URL, got "http://b:8080"</c>.
    /// </summary>
    private static string? ValidateHubUrls(string value)
    {
        var items = value.Split(',', StringSplitOptions.TrimEntries);
        if (items.Length == 1)
        {
            return IsHubUrl(items[0]) ? null : $"{AgentEnvironmentVariables.HubUrl} must be an absolute ws:// or wss:// URL, got \"{value}\"";
        }

        for (var i = 0; i < items.Length; i++)
        {
            if (!IsHubUrl(items[i]))
            {
                return $"{AgentEnvironmentVariables.HubUrl} item {i + 1} of {items.Length} must be an absolute ws:// or wss:// URL, got \"{items[i]}\"";
            }
        }

        return null;
    }

    private static bool IsHubUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeWs || uri.Scheme == Uri.UriSchemeWss);

    private static bool InRange(int value, (int Min, int Max) range) => value >= range.Min && value <= range.Max;

    private static string? ValidateSeconds(string variable, TimeSpan value) =>
        value > TimeSpan.Zero && value.TotalSeconds <= MaxSeconds
            ? null
            : SecondsRule(variable, value.TotalSeconds.ToString(CultureInfo.InvariantCulture));

    private static string? ValidateSecondsOrZero(string variable, TimeSpan value) =>
        value >= TimeSpan.Zero && value.TotalSeconds <= MaxSeconds
            ? null
            : SecondsOrZeroRule(variable, value.TotalSeconds.ToString(CultureInfo.InvariantCulture));

    private static string? ValidateTickLog(string? path)
    {
        if (path is null)
        {
            return null;
        }

        string? directory;
        try
        {
            directory = Path.GetDirectoryName(Path.GetFullPath(path));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"{AgentEnvironmentVariables.TickLog} must be a file path, got \"{path}\"";
        }

        if (Directory.Exists(path))
        {
            return $"{AgentEnvironmentVariables.TickLog} must be a file path, not a directory, got \"{path}\"";
        }

        return directory is null || Directory.Exists(directory)
            ? null
            : $"{AgentEnvironmentVariables.TickLog} must be in an existing directory, got \"{path}\" (no directory \"{directory}\")";
    }
}
