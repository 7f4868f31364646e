namespace Uptime.Hub.Validators;

/// <summary>The <c>reason</c> tag of <c>uptime_gateway_refusals_total</c>: why the gateway refused a connection or a message.</summary>
public static class RefusalReasons
{
    /// <summary>A WebSocket upgrade over <c>HUB_MAX_CONNECTIONS_PER_IP</c>, answered 429.</summary>
    public const string ConnectionsPerIp = "connections_per_ip";

    /// <summary>A REGISTER over <c>HUB_REGISTRATIONS_PER_IP_PER_MINUTE</c>.</summary>
    public const string RegistrationsPerIp = "registrations_per_ip";

    /// <summary>A message over <c>HUB_MAX_MESSAGES_PER_SECOND</c>, not processed.</summary>
    public const string MessagesPerSecond = "messages_per_second";

    /// <summary>A connection closed for sending over ten times <c>HUB_MAX_MESSAGES_PER_SECOND</c> for five seconds.</summary>
    public const string MessageFlood = "message_flood";

    /// <summary>Token mode: a REGISTER on an upgrade without a known bearer token.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>A REGISTER or TICK_RESULT with a missing, malformed or mismatched signature.</summary>
    public const string InvalidSignature = "invalid_signature";

    /// <summary>A REGISTER (or the open connection) of a validator an operator banned.</summary>
    public const string Banned = "banned";

    /// <summary>A REGISTER of a validator waiting for an operator's approval (<c>HUB_VALIDATOR_ENROLLMENT=approval</c>).</summary>
    public const string PendingApproval = "pending_approval";
}
