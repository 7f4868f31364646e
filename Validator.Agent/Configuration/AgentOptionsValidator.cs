using System.Globalization;
using Microsoft.Extensions.Options;
using Uptime.Protocol;

namespace Uptime.Agent.Configuration;

/// <summary>Checks <see cref="AgentOptions"/> at start; a problem is one line naming the variable and what is wrong.</summary>
internal sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    public const double MaxSeconds = 86_400;

    public const int MinRedirects = 0;
    public const int MaxRedirects = 50;
    public const int MaxTlsFullHandshakeMinutes = 7 * 24 * 60;
    public const int MaxWarmConnections = 100_000;
    public const int MinResponseBytes = 1024;
    public const int MaxResponseBytes = 1024 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        if (Validate(options) is not { } problem)
        {
            return ValidateOptionsResult.Success;
        }

        // Refused options are dropped, so the key file they hold must not stay held (in tests, by the same process).
        options.KeyFileLock?.Dispose();
        return ValidateOptionsResult.Fail(problem);
    }

    public static string? Validate(AgentOptions options)
    {
        if (ValidateHubUrls(options.HubUrl) is { } hubUrlError)
        {
            return hubUrlError;
        }

        if (!EthereumAddress.IsValid(options.PublicKey))
        {
            return $"{AgentOptions.PublicKeyVariable} must be 0x followed by 40 hex digits (a 20-byte address), got \"{options.PublicKey}\"";
        }

        if (options.Key is { } key && !string.Equals(options.PublicKey, key.Address, StringComparison.OrdinalIgnoreCase))
        {
            return $"{AgentOptions.PublicKeyVariable} is {options.PublicKey}, but the key from {options.KeySource} has the address "
                + $"{key.Address}; unset {AgentOptions.PublicKeyVariable} or configure the matching key";
        }

        if (string.IsNullOrWhiteSpace(options.Location))
        {
            return $"{AgentOptions.LocationVariable} must not be empty";
        }

        if (options.Location.Trim().Length > ValidatorMessageParser.MaxLocationLength)
        {
            return $"{AgentOptions.LocationVariable} must be at most {ValidatorMessageParser.MaxLocationLength} characters, got {options.Location.Trim().Length}";
        }

        if (options.MaxConcurrentChecks <= 0)
        {
            return CountRule(AgentOptions.MaxConcurrentChecksVariable, options.MaxConcurrentChecks.ToString(CultureInfo.InvariantCulture));
        }

        if (options.MaxChecksPerHost <= 0)
        {
            return CountRule(AgentOptions.MaxChecksPerHostVariable, options.MaxChecksPerHost.ToString(CultureInfo.InvariantCulture));
        }

        if (options.MaxUnackedTicks <= 0)
        {
            return CountRule(AgentOptions.MaxUnackedTicksVariable, options.MaxUnackedTicks.ToString(CultureInfo.InvariantCulture));
        }

        if (options.MaxRedirects is < MinRedirects or > MaxRedirects)
        {
            return RangeRule(AgentOptions.MaxRedirectsVariable, MinRedirects, MaxRedirects, options.MaxRedirects.ToString(CultureInfo.InvariantCulture));
        }

        if (options.TlsFullHandshakeMinutes is < 0 or > MaxTlsFullHandshakeMinutes)
        {
            return RangeRule(
                AgentOptions.TlsFullHandshakeVariable, 0, MaxTlsFullHandshakeMinutes, options.TlsFullHandshakeMinutes.ToString(CultureInfo.InvariantCulture));
        }

        if (options.WarmConnections is < 1 or > MaxWarmConnections)
        {
            return RangeRule(AgentOptions.WarmConnectionsVariable, 1, MaxWarmConnections, options.WarmConnections.ToString(CultureInfo.InvariantCulture));
        }

        if (options.MaxResponseBytes is < MinResponseBytes or > MaxResponseBytes)
        {
            return RangeRule(
                AgentOptions.MaxResponseBytesVariable, MinResponseBytes, MaxResponseBytes, options.MaxResponseBytes.ToString(CultureInfo.InvariantCulture));
        }

        return ValidateSeconds(AgentOptions.HeartbeatIntervalVariable, options.HeartbeatInterval)
            ?? ValidateSeconds(AgentOptions.HubSilenceTimeoutVariable, options.HubSilenceTimeout)
            ?? ValidateSeconds(AgentOptions.ReconnectDelayVariable, options.ReconnectDelay)
            ?? ValidateSeconds(AgentOptions.CheckTimeoutVariable, options.CheckTimeout)
            ?? ValidateSeconds(AgentOptions.TickAckTimeoutVariable, options.TickAckTimeout)
            ?? ValidateSeconds(AgentOptions.StatsIntervalVariable, options.StatsInterval)
            ?? ValidateSecondsOrZero(AgentOptions.ShutdownDrainVariable, options.ShutdownDrainTimeout)
            ?? ValidateTickLog(options.TickLogPath);
    }

    public static string CountRule(string variable, string got) => $"{variable} must be a positive whole number, got \"{got}\"";

    public static string RangeRule(string variable, int min, int max, string got) =>
        $"{variable} must be a whole number from {min} to {max}, got \"{got}\"";

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
            return IsHubUrl(items[0]) ? null : $"{AgentOptions.HubUrlVariable} must be an absolute ws:// or wss:// URL, got \"{value}\"";
        }

        for (var i = 0; i < items.Length; i++)
        {
            if (!IsHubUrl(items[i]))
            {
                return $"{AgentOptions.HubUrlVariable} item {i + 1} of {items.Length} must be an absolute ws:// or wss:// URL, got \"{items[i]}\"";
            }
        }

        return null;
    }

    private static bool IsHubUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeWs || uri.Scheme == Uri.UriSchemeWss);

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
            return $"{AgentOptions.TickLogVariable} must be a file path, got \"{path}\"";
        }

        if (Directory.Exists(path))
        {
            return $"{AgentOptions.TickLogVariable} must be a file path, not a directory, got \"{path}\"";
        }

        return directory is null || Directory.Exists(directory)
            ? null
            : $"{AgentOptions.TickLogVariable} must be in an existing directory, got \"{path}\" (no directory \"{directory}\")";
    }
}
