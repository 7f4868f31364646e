using System.Security.Cryptography.X509Certificates;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Security;
using Uptime.Testing;

namespace Uptime.EndToEnd.Tests.Security;

/// <summary>
/// A hub in signature mode with signed ticks and small limits. It believes X-Forwarded-For from 127.0.0.1, so each test
/// appears from client addresses of its own and the per-IP limits of one test do not touch another.
/// </summary>
public sealed class SignatureHubFixture(PostgresFixture postgres) : HubFixture(postgres)
{
    public const int MaxMessagesPerSecond = 50;
    public const int MaxConnectionsPerIp = 3;
    public const int RegistrationsPerIpPerMinute = 2;

    protected override IReadOnlyDictionary<string, string?> Overrides { get; } = new Dictionary<string, string?>
    {
        ["VALIDATOR_AUTH"] = "signature",
        ["REQUIRE_SIGNED_TICKS"] = "true",
        ["HUB_MAX_MESSAGES_PER_SECOND"] = $"{MaxMessagesPerSecond}",
        ["HUB_MAX_CONNECTIONS_PER_IP"] = $"{MaxConnectionsPerIp}",
        ["HUB_REGISTRATIONS_PER_IP_PER_MINUTE"] = $"{RegistrationsPerIpPerMinute}",
        ["HUB_TRUSTED_PROXIES"] = "127.0.0.1",
    };
}

/// <summary>A hub in signature mode (the production default) with the default limits.</summary>
public sealed class SignatureAuthHubFixture(PostgresFixture postgres) : HubFixture(postgres)
{
    protected override IReadOnlyDictionary<string, string?> Overrides { get; } = new Dictionary<string, string?>
    {
        ["VALIDATOR_AUTH"] = "signature",
    };
}

/// <summary>A hub in token mode that accepts one validator token.</summary>
public sealed class TokenHubFixture(PostgresFixture postgres) : HubFixture(postgres)
{
    public const string Token = "e2e-validator-token-5f1c";

    protected override IReadOnlyDictionary<string, string?> Overrides { get; } = new Dictionary<string, string?>
    {
        ["VALIDATOR_AUTH"] = "token",
        ["VALIDATOR_TOKEN_HASHES"] = SecretHash.Sha256Hex(Token),
    };
}

/// <summary>A hub serving https and wss with a self-signed certificate made for the test.</summary>
public sealed class TlsHubFixture(PostgresFixture postgres) : HubFixture(postgres)
{
    private readonly SelfSignedCertificate _certificate = new();

    protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["HUB_TLS_CERT_FILE"] = _certificate.CertificateFile,
        ["HUB_TLS_KEY_FILE"] = _certificate.KeyFile,
    };

    protected override X509Certificate2 Certificate => _certificate.Certificate;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _certificate.Dispose();
    }
}
