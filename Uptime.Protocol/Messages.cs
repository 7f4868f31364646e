using System.Text.Json.Serialization;

namespace Uptime.Protocol;

/// <summary>A message a validator sends to the hub.</summary>
public abstract record ValidatorMessage;

public sealed record RegisterMessage(string PublicKey, string Location) : ValidatorMessage;

public sealed record HeartbeatMessage(DateTime Timestamp) : ValidatorMessage;

/// <summary>
/// One check result. <c>TickId</c> is our extension: when present, the hub stores the tick once per id and
/// answers TICK_ACK after it is durable; a spec-only client leaves it out.
/// </summary>
public sealed record TickResultMessage(
    Guid WebsiteId,
    TickStatus Status,
    double Latency,
    DateTime Timestamp,
    string? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? TickId = null) : ValidatorMessage;

/// <summary>A message the hub sends to a validator.</summary>
public abstract record HubMessage;

public sealed record RegisteredMessage(Guid ValidatorId, string Message, int ConnectedValidators) : HubMessage;

public sealed record CheckWebsiteMessage(IReadOnlyList<WebsiteCheck> Websites, DateTime Timestamp) : HubMessage;

public sealed record WebsiteCheck(Guid WebsiteId, string Url, int Interval);

public sealed record HeartbeatAckMessage(DateTime Timestamp, int ActiveWebsites) : HubMessage;

public sealed record ErrorMessage(string Code, string Message) : HubMessage;

/// <summary>Our extension: the ticks (by <c>tickId</c>) that are now durably stored.</summary>
public sealed record TickAckMessage(IReadOnlyList<Guid> TickIds) : HubMessage;
