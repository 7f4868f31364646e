using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

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
        error = Bind(configuration, read) ?? BindCaFile(configuration, read) ?? AgentKeyReader.TryRead(configuration, read) ?? AgentOptionsValidator.Validate(read);
        options = error is null ? read : null;
        if (error is not null)
        {
            read.KeyFileLock?.Dispose();
        }

        return error is null;
    }

    private static string? Bind(IConfiguration configuration, AgentOptions options)
    {
        options.HubUrl = configuration[AgentEnvironmentVariables.HubUrl] ?? options.HubUrl;
        if (configuration[AgentEnvironmentVariables.PublicKey] is { } publicKey)
        {
            options.PublicKey = publicKey;
        }

        if (configuration[AgentEnvironmentVariables.Token] is { Length: > 0 } token)
        {
            options.Token = token;
        }
        options.Location = configuration[AgentEnvironmentVariables.Location] ?? options.Location;
        if (configuration[AgentEnvironmentVariables.TickLog] is { Length: > 0 } tickLog)
        {
            options.TickLogPath = tickLog;
        }

        return BindBoolean(configuration, AgentEnvironmentVariables.AllowPrivateTargets, value => options.AllowPrivateTargets = value)
            ?? BindRange(configuration, AgentEnvironmentVariables.MaxRedirects, AgentOptionsValidator.MaxRedirectsRange, value => options.MaxRedirects = value)
            ?? BindRange(configuration, AgentEnvironmentVariables.MaxResponseBytes, AgentOptionsValidator.MaxResponseBytesRange, value => options.MaxResponseBytes = value)
            ?? BindCount(configuration, AgentEnvironmentVariables.MaxConcurrentChecks, value => options.MaxConcurrentChecks = value)
            ?? BindCount(configuration, AgentEnvironmentVariables.MaxUnackedTicks, value => options.MaxUnackedTicks = value)
            ?? BindSeconds(configuration, AgentEnvironmentVariables.HeartbeatIntervalSeconds, value => options.HeartbeatInterval = value)
            ?? BindSeconds(configuration, AgentEnvironmentVariables.ReconnectDelaySeconds, value => options.ReconnectDelay = value)
            ?? BindSeconds(configuration, AgentEnvironmentVariables.CheckTimeoutSeconds, value => options.CheckTimeout = value)
            ?? BindSeconds(configuration, AgentEnvironmentVariables.TickAckTimeoutSeconds, value => options.TickAckTimeout = value)
            ?? BindSeconds(configuration, AgentEnvironmentVariables.StatsIntervalSeconds, value => options.StatsInterval = value)
            ?? BindSeconds(configuration, AgentEnvironmentVariables.ShutdownDrainSeconds, value => options.ShutdownDrainTimeout = value, allowZero: true);
    }

    /// <summary>PEM CA certificates; a missing, unreadable or certificate-less file stops the start.</summary>
    private static string? BindCaFile(IConfiguration configuration, AgentOptions options)
    {
        if (configuration[AgentEnvironmentVariables.CaFile] is not { } path || string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            return $"{AgentEnvironmentVariables.CaFile} could not be read: {path}: {ExceptionMessages.Describe(e)}";
        }

        if (certificates.Count == 0)
        {
            return $"{AgentEnvironmentVariables.CaFile} holds no PEM certificate: {path}";
        }

        options.CaFile = path;
        options.TrustedCertificates = certificates;
        return null;
    }

    private static string? BindBoolean(IConfiguration configuration, string variable, Action<bool> set)
    {
        if (configuration[variable] is not { } text || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!bool.TryParse(text.Trim(), out var parsed))
        {
            return $"{variable} must be \"true\" or \"false\", got \"{text}\"";
        }

        set(parsed);
        return null;
    }

    private static string? BindRange(IConfiguration configuration, string variable, (int Min, int Max) range, Action<int> set)
    {
        if (configuration[variable] is not { } text)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            return AgentOptionsValidator.RangeRule(variable, range, text);
        }

        set(parsed);
        return null;
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
