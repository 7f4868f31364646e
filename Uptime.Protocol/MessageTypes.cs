namespace Uptime.Protocol;

/// <summary>The <c>type</c> values of the wire protocol, exactly as the specification spells them.</summary>
public static class MessageTypes
{
    public const string Register = "REGISTER";
    public const string Heartbeat = "HEARTBEAT";
    public const string TickResult = "TICK_RESULT";
    public const string Registered = "REGISTERED";
    public const string CheckWebsite = "CHECK_WEBSITE";
    public const string HeartbeatAck = "HEARTBEAT_ACK";
    public const string Error = "ERROR";

    /// <summary>Our extension: acknowledges stored ticks that carried a <c>tickId</c>.</summary>
    public const string TickAck = "TICK_ACK";

    /// <summary>Our extension: the nonce a signed REGISTER covers, sent by the hub on connect.</summary>
    public const string Challenge = "CHALLENGE";
}
