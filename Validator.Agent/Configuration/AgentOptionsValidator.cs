using System.Globalization;
using Uptime.Protocol;

namespace Uptime.Agent.Configuration;

/// <summary>Checks <see cref="AgentOptions"/> at start; a problem is one line naming the variable and what is wrong.</summary>
internal static class AgentOptionsValidator
{
    public const double MaxSeconds = 86_400;

    public static string? Validate(AgentOptions options)
    {
        if (!IsHubUrl(options.HubUrl))
        {
            return HubUrlRule(options.HubUrl);
        }

        if (!EthereumAddress.IsValid(options.PublicKey))
        {
            return $"{AgentEnvironmentVariables.PublicKey} must be 0x followed by 40 hex digits (a 20-byte address), got \"{options.PublicKey}\"";
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

        return ValidateSeconds(AgentEnvironmentVariables.HeartbeatIntervalSeconds, options.HeartbeatInterval)
            ?? ValidateSeconds(AgentEnvironmentVariables.ReconnectDelaySeconds, options.ReconnectDelay)
            ?? ValidateSeconds(AgentEnvironmentVariables.CheckTimeoutSeconds, options.CheckTimeout);
    }

    public static string CountRule(string variable, string got) => $"{variable} must be a positive whole number, got \"{got}\"";

    public static string SecondsRule(string variable, string got) =>
        $"{variable} must be a positive number of seconds (at most {MaxSeconds}), got \"{got}\"";

    private static string HubUrlRule(string got) =>
        $"{AgentEnvironmentVariables.HubUrl} must be an absolute ws:// or wss:// URL, got \"{got}\"";

    private static bool IsHubUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeWs || uri.Scheme == Uri.UriSchemeWss);

    private static string? ValidateSeconds(string variable, TimeSpan value) =>
        value > TimeSpan.Zero && value.TotalSeconds <= MaxSeconds
            ? null
            : SecondsRule(variable, value.TotalSeconds.ToString(CultureInfo.InvariantCulture));
}
