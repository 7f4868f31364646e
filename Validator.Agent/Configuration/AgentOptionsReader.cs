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
        if (configuration[AgentEnvironmentVariables.TickLog] is { Length: > 0 } tickLog)
        {
            options.TickLogPath = tickLog;
        }

        return BindCount(configuration, AgentEnvironmentVariables.MaxConcurrentChecks, value => options.MaxConcurrentChecks = value)
            ?? BindCount(configuration, AgentEnvironmentVariables.MaxUnackedTicks, value => options.MaxUnackedTicks = value)
            ?? BindSeconds(configuration, AgentEnvironmentVariables.HeartbeatIntervalSeconds, value => options.HeartbeatInterval = value)
            ?? BindSeconds(configuration, AgentEnvironmentVariables.ReconnectDelaySeconds, value => options.ReconnectDelay = value)
            ?? BindSeconds(configuration, AgentEnvironmentVariables.CheckTimeoutSeconds, value => options.CheckTimeout = value)
            ?? BindSeconds(configuration, AgentEnvironmentVariables.TickAckTimeoutSeconds, value => options.TickAckTimeout = value)
            ?? BindSeconds(configuration, AgentEnvironmentVariables.StatsIntervalSeconds, value => options.StatsInterval = value)
            ?? BindSeconds(configuration, AgentEnvironmentVariables.ShutdownDrainSeconds, value => options.ShutdownDrainTimeout = value, allowZero: true);
    }

    private static string? BindCount(IConfiguration configuration, string variable, Action<int> set)
    {
        if (configuration[variable] is not { } text)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            return AgentOptionsValidator.CountRule(variable, text);
        }

        set(parsed);
        return null;
    }

    private static string? BindSeconds(IConfiguration configuration, string variable, Action<TimeSpan> set, bool allowZero = false)
    {
        if (configuration[variable] is not { } text)
        {
            return null;
        }

        // Range-checked here too: TimeSpan.FromSeconds throws on huge values.
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || !((seconds > 0 || (allowZero && seconds == 0)) && seconds <= AgentOptionsValidator.MaxSeconds))
        {
            return allowZero ? AgentOptionsValidator.SecondsOrZeroRule(variable, text) : AgentOptionsValidator.SecondsRule(variable, text);
        }

        set(TimeSpan.FromSeconds(seconds));
        return null;
    }
}
