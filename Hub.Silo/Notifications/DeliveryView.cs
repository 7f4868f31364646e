namespace Uptime.Hub.Notifications;

/// <summary>
/// One delivery of an event to a channel, as the delivery logs show it (<c>notification_deliveries</c>): <see cref="State"/>
/// <c>pending</c> (next attempt at <see cref="DueAt"/>), <c>sent</c>, <c>skipped</c> or <c>dead</c>; <see cref="GroupSize"/>
/// the number of events of the grouped message it went in, null when alone; <see cref="Certificate"/> the certificate a
/// <c>certificate</c> event warned about (its expiry, days left then, threshold, subject, issuer, names), null for other kinds.
/// </summary>
public sealed record DeliveryView(
    Guid Id,
    Guid EventId,
    string Kind,
    Guid? IncidentId,
    Guid? WebsiteId,
    Guid ChannelId,
    string ChannelName,
    string ChannelType,
    Guid? PolicyId,
    string State,
    int Attempts,
    DateTime CreatedAt,
    DateTime DueAt,
    DateTime? LastAttemptAt,
    int? LastStatus,
    string? LastError,
    DateTime? SentAt,
    int? GroupSize,
    NotificationCertificate? Certificate);
