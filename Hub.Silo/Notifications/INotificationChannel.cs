using System.Text.Json.Nodes;

namespace Uptime.Hub.Notifications;

/// <summary>
/// One channel type (webhook, slack, discord, teams, telegram, ntfy, email, pagerduty): how its settings are checked and
/// how a message is sent in the receiver's real request format. Stateless; one instance per type.
/// </summary>
public interface INotificationChannel
{
    /// <summary>The <c>notification_channels.type</c> value, e.g. "slack".</summary>
    string Type { get; }

    /// <summary>
    /// The setting names that are secrets: stored encrypted, never returned (masked) and never logged. The API takes
    /// them in <c>settings</c> like the others.
    /// </summary>
    IReadOnlySet<string> SecretFields { get; }

    /// <summary>
    /// Problems with <paramref name="settings"/> (secrets included), each keyed by its setting name, with a message
    /// naming it; empty when valid. Address rules (SSRF) are checked by the caller through <see cref="TargetsOf"/>.
    /// </summary>
    IReadOnlyDictionary<string, string> Validate(JsonObject settings);

    /// <summary>The URLs or host names this channel's valid settings make the hub connect to, keyed by setting name.</summary>
    IReadOnlyDictionary<string, string> TargetsOf(JsonObject settings);

    /// <summary>Sends <paramref name="notification"/>; never throws for a receiver's failure (that is a <see cref="DeliveryResult"/>).</summary>
    Task<DeliveryResult> SendAsync(JsonObject settings, OutgoingNotification notification, CancellationToken cancellationToken);
}

/// <summary>
/// What a receiver answered. Not delivered and not <see cref="Permanent"/>: retried with back-off, no sooner than
/// <see cref="RetryAfter"/> when the receiver said so (429, 503 Retry-After).
/// </summary>
public sealed record DeliveryResult(bool Delivered, int? Status, string? Error, TimeSpan? RetryAfter = null, bool Permanent = false)
{
    public static DeliveryResult Success(int? status) => new(true, status, null);

    public static DeliveryResult Failure(int? status, string error, TimeSpan? retryAfter = null) => new(false, status, error, retryAfter);

    /// <summary>A refusal retrying cannot change (e.g. 400, 401, 403, 404 from the receiver, a bad recipient).</summary>
    public static DeliveryResult Refused(int? status, string error) => new(false, status, error, null, Permanent: true);
}
