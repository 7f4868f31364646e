using Uptime.Hub.Hosting;
using Uptime.Protocol;
using Uptime.Settings;

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

/// <summary>Who may register (<c>HUB_VALIDATOR_ENROLLMENT</c>).</summary>
public enum ValidatorEnrollment
{
    /// <summary>Every key that passes authentication registers.</summary>
    Open,

    /// <summary>A key never seen before is stored as pending and refused until an operator approves it.</summary>
    Approval,
}

/// <summary>
/// Security settings of the validator sockets. Every limit is per silo (each silo counts on its own), and 0 turns it off.
/// </summary>
public sealed class ValidatorSecurityOptions
{
    public const int MaxLimit = 1_000_000;
    public const string SilenceTimeoutVariable = "HUB_VALIDATOR_SILENCE_TIMEOUT_SECONDS";
    public const string EnrollmentVariable = "HUB_VALIDATOR_ENROLLMENT";

    /// <summary>
    /// <c>signature</c> (default), <c>token</c> or <c>none</c> (the default when the environment is Development). A signature
    /// a validator sends is verified in every mode.
    /// </summary>
    [ConfigurationKeyName("VALIDATOR_AUTH"), ChoiceSetting(typeof(ValidatorAuthMode))]
    public ValidatorAuthMode Auth { get; set; } = ValidatorAuthMode.Signature;

    /// <summary>
    /// Comma-separated SHA-256 hex digests of the accepted bearer tokens; required when <see cref="Auth"/> is
    /// <see cref="ValidatorAuthMode.Token"/>, unused otherwise.
    /// </summary>
    [ConfigurationKeyName("VALIDATOR_TOKEN_HASHES"), Sha256ListSetting]
    public IReadOnlyList<byte[]> TokenHashes { get; set; } = [];

    /// <summary>
    /// Default false: every TICK_RESULT must carry a signature by the registered key over its fields, so REGISTER must then
    /// be signed in every mode.
    /// </summary>
    [ConfigurationKeyName("REQUIRE_SIGNED_TICKS"), BooleanSetting]
    public bool RequireSignedTicks { get; set; }

    /// <summary>
    /// <c>open</c> (default): every key that passes authentication registers. <c>approval</c>: a key never seen before is
    /// stored as pending at its first REGISTER and refused (<c>pending_approval</c>, close 1008) until an operator approves it.
    /// </summary>
    [ConfigurationKeyName(EnrollmentVariable), ChoiceSetting(typeof(ValidatorEnrollment))]
    public ValidatorEnrollment Enrollment { get; set; } = ValidatorEnrollment.Open;

    /// <summary>Default 100: open validator sockets per client IP; more are answered 429 before the upgrade.</summary>
    [ConfigurationKeyName("HUB_MAX_CONNECTIONS_PER_IP"), IntegerSetting(0, MaxLimit)]
    public int MaxConnectionsPerIp { get; set; } = 100;

    /// <summary>Default 60: REGISTER attempts per client IP per minute (fixed one-minute windows).</summary>
    [ConfigurationKeyName("HUB_REGISTRATIONS_PER_IP_PER_MINUTE"), IntegerSetting(0, MaxLimit)]
    public int RegistrationsPerIpPerMinute { get; set; } = 60;

    /// <summary>
    /// Default 5000: messages per connection per second (a token bucket holding one second's worth); a validator of 50,000
    /// websites at 30 s sends about 1,700 ticks a second.
    /// </summary>
    [ConfigurationKeyName("HUB_MAX_MESSAGES_PER_SECOND"), IntegerSetting(0, MaxLimit)]
    public int MaxMessagesPerSecond { get; set; } = 5000;

    /// <summary>
    /// Default 30 s: a socket that has not registered this long after it opened (silent, stalled mid-frame, or sending only
    /// bad frames) gets an ERROR and a close with 1008, so idle sockets cannot pile up under the connections-per-IP cap.
    /// </summary>
    [ConfigurationKeyName("HUB_REGISTRATION_TIMEOUT_SECONDS"), SecondsSetting(1, 3600)]
    public TimeSpan RegistrationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Default 15 s: a validator connection whose agent leaves a WebSocket ping unanswered this long (a frozen process,
    /// a vanished host) is dropped; the validator then goes the way of any disconnect (see <see cref="WebSocketKeepAlive"/>).
    /// </summary>
    [ConfigurationKeyName(SilenceTimeoutVariable), SecondsSetting(2, 3600)]
    public TimeSpan SilenceTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Largest accepted WebSocket frame; a larger one closes the socket with 1008.</summary>
    [ConfigurationKeyName("HUB_MAX_FRAME_BYTES"), IntegerSetting(1024, 16 * 1024 * 1024)]
    public int MaxFrameBytes { get; set; } = 64 * 1024;
}
