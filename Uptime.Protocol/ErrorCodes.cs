namespace Uptime.Protocol;

/// <summary>The <c>code</c> values of ERROR messages sent by the hub.</summary>
public static class ErrorCodes
{
    public const string InvalidJson = "invalid_json";
    public const string InvalidMessage = "invalid_message";
    public const string UnknownType = "unknown_type";
    public const string MissingField = "missing_field";
    public const string InvalidField = "invalid_field";
    public const string InvalidPublicKey = "invalid_public_key";
    public const string NotRegistered = "not_registered";
    public const string AlreadyRegistered = "already_registered";
    public const string UnknownWebsite = "unknown_website";
    public const string InternalError = "internal_error";

    /// <summary>Token mode: the upgrade carried no bearer token, or one the hub does not know.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>A signature that is missing where required, malformed, by another key, or over a stale nonce.</summary>
    public const string InvalidSignature = "invalid_signature";

    /// <summary>
    /// A TICK_RESULT that answers no open check the hub sent this validator (never sent, already closed, for a paused
    /// website, or a checkToken issued to another validator); not stored, not counted.
    /// </summary>
    public const string UnexpectedTick = "unexpected_tick";

    /// <summary>More messages, connections or registrations than the hub's limits allow; the message was not processed.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>An operator banned the validator: its REGISTER is refused (and a connected one closed) with the operator's reason.</summary>
    public const string Banned = "banned";

    /// <summary>A REGISTER of a validator that waits for an operator's approval (the hub's enrollment mode is <c>approval</c>).</summary>
    public const string PendingApproval = "pending_approval";

    /// <summary>
    /// The hub cannot do this now (its database is unavailable) and nothing was changed: try again after a few seconds.
    /// In answer to REGISTER it is followed by a close with 1013 (try again later).
    /// </summary>
    public const string Unavailable = "unavailable";
}
