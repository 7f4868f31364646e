using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Uptime.Agent.Configuration;

/// <summary>
/// Maps the environment variable names onto <see cref="AgentOptions"/> (an unset variable keeps its default)
/// and validates the result.
/// </summary>
internal static class AgentOptionsReader
{
    public static bool TryRead(
        IConfiguration configuration,
        [NotNullWhen(true)] out AgentOptions? options,
        [NotNullWhen(false)] out string? error)
    {
        var read = new AgentOptions();
        error = Bind(configuration, read) ?? AgentOptionsValidator.Validate(read);
        options = error is null ? read : null;
        return error is null;
    }

    private static string? Bind(IConfiguration configuration, AgentOptions options)
    {
        options.HubUrl = configuration[AgentEnvironmentVariables.HubUrl] ?? options.HubUrl;
        options.PublicKey = configuration[AgentEnvironmentVariables.PublicKey] ?? options.PublicKey;
        options.Location = configuration[AgentEnvironmentVariables.Location] ?? options.Location;

        if (configuration[AgentEnvironmentVariables.MaxConcurrentChecks] is { } count)
        {
            if (!int.TryParse(count, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            {
                return AgentOptionsValidator.CountRule(AgentEnvironmentVariables.MaxConcurrentChecks, count);
            }

            options.MaxConcurrentChecks = parsed;
        }

        return BindSeconds(configuration, AgentEnvironmentVariables.HeartbeatIntervalSeconds, value => options.HeartbeatInterval = value)
            ?? BindSeconds(configuration, AgentEnvironmentVariables.ReconnectDelaySeconds, value => options.ReconnectDelay = value)
            ?? BindSeconds(configuration, AgentEnvironmentVariables.CheckTimeoutSeconds, value => options.CheckTimeout = value);
    }

    private static string? BindSeconds(IConfiguration configuration, string variable, Action<TimeSpan> set)
    {
        if (configuration[variable] is not { } text)
        {
            return null;
        }

        // Range-checked here too: TimeSpan.FromSeconds throws on huge values.
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || !(seconds > 0 && seconds <= AgentOptionsValidator.MaxSeconds))
        {
            return AgentOptionsValidator.SecondsRule(variable, text);
        }

        set(TimeSpan.FromSeconds(seconds));
        return null;
    }
}
