using System.Security.Cryptography.X509Certificates;

namespace Uptime.Hub.Validators;

/// <summary>How validators prove who they are when they register (<c>VALIDATOR_AUTH</c>).</summary>
public enum ValidatorAuthMode
{
    /// <summary>REGISTER must carry a personal_sign signature by the registered address over the connection's CHALLENGE nonce.</summary>
    Signature,

    /// <summary>The WebSocket upgrade must carry <c>Authorization: Bearer</c> with a token whose SHA-256 is configured.</summary>
    Token,

    /// <summary>The spec's plain REGISTER: anyone may register as any address (Development default, logged as a warning).</summary>
    None,
}

/// <summary>
/// Security settings of the validator gateway and the TLS certificate of the hub's port, read by
/// <see cref="ValidatorSecurityOptionsReader"/>. Every limit is per silo (each silo counts on its own), and 0 turns it off.
/// </summary>
public sealed class ValidatorSecurityOptions
{
    /// <summary>
    /// <c>VALIDATOR_AUTH</c>: <c>signature</c> (default), <c>token</c> or <c>none</c> (the default when the environment is
    /// Development). A signature a validator sends is verified in every mode.
    /// </summary>
    public ValidatorAuthMode Auth { get; set; } = ValidatorAuthMode.Signature;

    /// <summary>
    /// <c>VALIDATOR_TOKEN_HASHES</c>: comma-separated SHA-256 hex digests of the accepted bearer tokens; required when
    /// <see cref="Auth"/> is <see cref="ValidatorAuthMode.Token"/>, unused otherwise.
    /// </summary>
    public IReadOnlyList<byte[]> TokenHashes { get; set; } = [];

    /// <summary>
    /// <c>REQUIRE_SIGNED_TICKS</c> (default false): every TICK_RESULT must carry a signature by the registered key over
    /// its fields, so REGISTER must then be signed in every mode.
    /// </summary>
    public bool RequireSignedTicks { get; set; }

    /// <summary><c>HUB_MAX_CONNECTIONS_PER_IP</c> (default 100): open validator sockets per client IP; more are answered 429 before the upgrade.</summary>
    public int MaxConnectionsPerIp { get; set; } = 100;

    /// <summary><c>HUB_REGISTRATIONS_PER_IP_PER_MINUTE</c> (default 60): REGISTER attempts per client IP per minute (fixed one-minute windows).</summary>
    public int RegistrationsPerIpPerMinute { get; set; } = 60;

    /// <summary>
    /// <c>HUB_MAX_MESSAGES_PER_SECOND</c> (default 5000): messages per connection per second (a token bucket holding one
    /// second's worth); a validator of 50,000 websites at 30 s sends about 1,700 ticks a second.
    /// </summary>
    public int MaxMessagesPerSecond { get; set; } = 5000;

    /// <summary>
    /// <c>HUB_REGISTRATION_TIMEOUT_SECONDS</c> (default 30): a socket that has not registered this long after it opened
    /// (silent, stalled mid-frame, or sending only bad frames) gets an ERROR and a close with 1008, so idle sockets cannot
    /// pile up under the connections-per-IP cap.
    /// </summary>
    public TimeSpan RegistrationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The certificate Kestrel serves https and wss with on <c>HUB_PORT</c>, loaded at start-up from
    /// <c>HUB_TLS_CERT_FILE</c> (PEM, with the key in <c>HUB_TLS_KEY_FILE</c> or in the same file, or PFX/PKCS#12) and
    /// <c>HUB_TLS_CERT_PASSWORD</c> (of the PFX or the encrypted PEM key); null serves plain http and ws.
    /// </summary>
    public X509Certificate2? Certificate { get; set; }
}
