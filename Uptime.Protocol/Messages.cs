using System.Text.Json.Serialization;
using Uptime.Protocol.Checks;

namespace Uptime.Protocol;

/// <summary>A message a validator sends to the hub.</summary>
public abstract record ValidatorMessage;

/// <summary>
/// Registration. <c>Signature</c> and <c>LastCheckAt</c> are our extensions: the signature is an EIP-191 personal_sign
/// signature by the validator's key over the registration text with the nonce of this connection's CHALLENGE;
/// <c>LastCheckAt</c> is the <c>timestamp</c> of the last CHECK_WEBSITE the validator received on an earlier connection,
/// and asks the hub for the still-timely checks that fell due after it. <c>Capabilities</c> (see
/// <see cref="CheckCapabilities"/>) names the rich check items the validator can run. A spec-only client leaves all
/// three out.
/// </summary>
public sealed record RegisterMessage(
    string PublicKey,
    string Location,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Signature = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTime? LastCheckAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Capabilities = null) : ValidatorMessage;

public sealed record HeartbeatMessage(DateTime Timestamp) : ValidatorMessage;

/// <summary>
/// One check result. <c>TickId</c>, <c>Signature</c>, <c>CheckToken</c> and <c>Refused</c> are our extensions: with a
/// tickId the hub answers TICK_ACK after the tick is durable; the signature (personal_sign over the tick's canonical text)
/// is required only when the hub's CHALLENGE asked for signed ticks; the checkToken is the one of the CHECK_WEBSITE entry
/// this tick answers (see <see cref="Protocol.CheckToken"/>), and with it the tickId, if given, must be the token's;
/// <c>Refused</c> says the validator's own policy refused to run the check (a Bad tick that is no vote about the website),
/// written only when true. A spec-only client leaves all four out.
/// The rest are what a check saw, each optional and written only when known: <c>HttpStatus</c> (the final response's),
/// <c>Phases</c>, <c>Address</c> (the address actually dialled, "ip:port"), <c>TlsResumed</c> (whether the TLS session was
/// resumed), <c>Certificate</c> (after a full handshake) and <c>FailedAssertion</c> (the index in the check's assertions of
/// the one that failed; the error says why), and <c>Warm</c> (sent only for a check whose definition asked for a warm
/// connection: true when it went over a connection already open, so no DNS, connect or TLS phase). They are not covered
/// by the signature.
/// </summary>
public sealed record TickResultMessage(
    Guid WebsiteId,
    TickStatus Status,
    double Latency,
    DateTime Timestamp,
    string? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? TickId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Signature = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CheckToken = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Refused = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? HttpStatus = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TickPhases? Phases = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Address = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? TlsResumed = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CertificateFacts? Certificate = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? FailedAssertion = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Warm = null) : ValidatorMessage;

/// <summary>A message the hub sends to a validator.</summary>
public abstract record HubMessage;

public sealed record RegisteredMessage(Guid ValidatorId, string Message, int ConnectedValidators) : HubMessage;

public sealed record CheckWebsiteMessage(IReadOnlyList<WebsiteCheck> Websites, DateTime Timestamp) : HubMessage;

/// <summary>
/// One website to check. <c>CheckToken</c> is our extension, echoed in the answering TICK_RESULT; a spec-only client
/// ignores it. <c>Type</c> (a <see cref="MonitorTypeNames"/> name, left out for http) and <c>Check</c> (a check definition's
/// JSON, see <see cref="CheckDefinitionJson"/>) are sent only to a validator that announced the capability they need.
/// </summary>
public sealed record WebsiteCheck(
    Guid WebsiteId,
    string Url,
    int Interval,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CheckToken = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Type = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonConverter(typeof(RawJsonConverter))] string? Check = null);

public sealed record HeartbeatAckMessage(DateTime Timestamp, int ActiveWebsites) : HubMessage;

/// <summary>
/// An error. <c>TickId</c> is our extension: set when the error refuses a tick for good (not stored; sending it
/// again would not help), so the validator drops it instead of waiting for a TICK_ACK that will not come.
/// </summary>
public sealed record ErrorMessage(
    string Code,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? TickId = null) : HubMessage;

/// <summary>
/// Our extension, sent first on every connection: the single-use nonce a signed REGISTER must cover, and whether every
/// TICK_RESULT must be signed. A spec-only client ignores it.
/// </summary>
public sealed record ChallengeMessage(string Nonce, bool RequireSignedTicks) : HubMessage;

/// <summary>Our extension: the ticks (by <c>tickId</c>) that are now durably stored.</summary>
public sealed record TickAckMessage(IReadOnlyList<Guid> TickIds) : HubMessage;
