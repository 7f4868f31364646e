using System.Security.Cryptography.X509Certificates;
using Uptime.Hub.Hosting;
using static Uptime.Hub.Hosting.EnvironmentValues;

namespace Uptime.Hub.Validators;

/// <summary>Reads <see cref="ValidatorSecurityOptions"/>; every bad value is a <see cref="FormatException"/> naming the variable.</summary>
public static class ValidatorSecurityOptionsReader
{
    public const int MaxLimit = 1_000_000;

    public static ValidatorSecurityOptions Read(Func<string, string?> env, bool isDevelopment)
    {
        var options = new ValidatorSecurityOptions();
        options.Auth = Choice(
            env,
            "VALIDATOR_AUTH",
            isDevelopment ? ValidatorAuthMode.None : ValidatorAuthMode.Signature,
            ("signature", ValidatorAuthMode.Signature),
            ("token", ValidatorAuthMode.Token),
            ("none", ValidatorAuthMode.None));
        options.TokenHashes = HashList(env, "VALIDATOR_TOKEN_HASHES");
        if (options.Auth == ValidatorAuthMode.Token && options.TokenHashes.Count == 0)
        {
            throw new FormatException(
                "VALIDATOR_TOKEN_HASHES is required when VALIDATOR_AUTH=token (comma-separated SHA-256 hex digests of the validator tokens)");
        }

        options.RequireSignedTicks = Boolean(env, "REQUIRE_SIGNED_TICKS", options.RequireSignedTicks);
        options.MaxConnectionsPerIp = Integer(env, "HUB_MAX_CONNECTIONS_PER_IP", options.MaxConnectionsPerIp, 0, MaxLimit);
        options.RegistrationsPerIpPerMinute = Integer(
            env, "HUB_REGISTRATIONS_PER_IP_PER_MINUTE", options.RegistrationsPerIpPerMinute, 0, MaxLimit);
        options.MaxMessagesPerSecond = Integer(env, "HUB_MAX_MESSAGES_PER_SECOND", options.MaxMessagesPerSecond, 0, MaxLimit);
        options.RegistrationTimeout = Seconds(env, "HUB_REGISTRATION_TIMEOUT_SECONDS", options.RegistrationTimeout, 1, 3600);
        options.Certificate = Certificate(env);
        return options;
    }

    private static X509Certificate2? Certificate(Func<string, string?> env)
    {
        var certificate = Path(env, TlsCertificateFile.CertificateVariable);
        var key = Path(env, TlsCertificateFile.KeyVariable);
        var password = env(TlsCertificateFile.PasswordVariable) is { Length: > 0 } secret ? secret : null;
        if (certificate is null)
        {
            return key is not null || password is not null
                ? throw new FormatException(
                    $"{(key is not null ? TlsCertificateFile.KeyVariable : TlsCertificateFile.PasswordVariable)} is set but {TlsCertificateFile.CertificateVariable} is not")
                : null;
        }

        return TlsCertificateFile.Load(certificate, key, password);
    }

    private static string? Path(Func<string, string?> env, string name) => env(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
