using System.Text.Json.Serialization;

namespace Uptime.Protocol;

/// <summary>A message a validator sends to the hub.</summary>
public abstract record ValidatorMessage;

/// <summary>
/// Registration. <c>Signature</c> is our extension: an EIP-191 personal_sign signature by the validator's key over the
/// registration text with the nonce of this connection's CHALLENGE; a spec-only client leaves it out.
/// </summary>
public sealed record RegisterMessage(
    string PublicKey,
    string Location,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Signature = null) : ValidatorMessage;

public sealed record HeartbeatMessage(DateTime Timestamp) : ValidatorMessage;

/// <summary>
/// One check result. <c>TickId</c> and <c>Signature</c> are our extensions: with a tickId the hub stores the tick once
/// per id and answers TICK_ACK after it is durable; the signature (personal_sign over the tick's canonical text) is
/// required only when the hub's CHALLENGE asked for signed ticks. A spec-only client leaves both out.
/// </summary>
public sealed record TickResultMessage(
    Guid WebsiteId,
    TickStatus Status,
    double Latency,
    DateTime Timestamp,
    string? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? TickId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Signature = null) : ValidatorMessage;

/// <summary>A message the hub sends to a validator.</summary>
public abstract record HubMessage;

public sealed record RegisteredMessage(Guid ValidatorId, string Message, int ConnectedValidators) : HubMessage;

public sealed record CheckWebsiteMessage(IReadOnlyList<WebsiteCheck> Websites, DateTime Timestamp) : HubMessage;

public sealed record WebsiteCheck(Guid WebsiteId, string Url, int Interval);

public sealed record HeartbeatAckMessage(DateTime Timestamp, int ActiveWebsites) : HubMessage;

public sealed record ErrorMessage(string Code, string Message) : HubMessage;

/// <summary>
/// Our extension, sent first on every connection: the single-use nonce a signed REGISTER must cover, and whether every
/// TICK_RESULT must be signed. A spec-only client ignores it.
/// </summary>
public sealed record ChallengeMessage(string Nonce, bool RequireSignedTicks) : HubMessage;

/// <summary>Our extension: the ticks (by <c>tickId</c>) that are now durably stored.</summary>
public sealed record TickAckMessage(IReadOnlyList<Guid> TickIds) : HubMessage;
