using System.Net.WebSockets;
using Uptime.Agent.Configuration;
using Uptime.Protocol;

namespace Uptime.Agent.Hub;

/// <summary>
/// After a connection ends, says why and decides how long to wait before the next one: the reconnect delay (the spec's
/// 5 s) after a drop (a hub gone silent included, see <see cref="HubSession.HubWentSilent"/>), none after a hub going
/// away (1001), and after a REGISTER refused for its credentials or its rate (<see cref="CallsForBackOff"/>) a back-off
/// that doubles from the reconnect delay up to <see cref="MaxRefusedDelay"/> until a registration succeeds. An agent without a key that a hub refuses for want of a signature says once what to
/// do, and later only at Debug level.
/// </summary>
internal sealed class ReconnectPolicy(AgentOptions options, ILogger logger)
{
    /// <summary>What the hub's close reason says when a newer connection registered the same validator.</summary>
    public const string ReplacedCloseReason = "replaced by a newer connection";

    public static readonly TimeSpan MaxRefusedDelay = TimeSpan.FromSeconds(60);

    private TimeSpan _nextRefusedDelay = options.ReconnectDelay;
    private bool _missingKeyReported;

    /// <summary>
    /// Logs why the connection ended and returns the wait before the next one. <paramref name="hadKey"/>: whether the
    /// agent had a key when it registered on this connection.
    /// </summary>
    public TimeSpan After(HubSession session, WebSocket socket, string reason, bool hadKey)
    {
        if (session.Registered.IsCompleted)
        {
            _nextRefusedDelay = options.ReconnectDelay;
            _missingKeyReported = false;
        }

        if (session.Refusal is { } refusal)
        {
            return AfterRefusal(refusal, hadKey);
        }

        if (session.HubWentSilent)
        {
            logger.HubSilent(options.HubSilenceTimeout.TotalSeconds, AgentOptions.HubSilenceTimeoutVariable, options.ReconnectDelay.TotalSeconds);
            return options.ReconnectDelay;
        }

        if (socket.CloseStatus == WebSocketCloseStatus.EndpointUnavailable)
        {
            logger.Disconnected(reason, 0);
            return TimeSpan.Zero;
        }

        if (socket.CloseStatusDescription?.Contains(ReplacedCloseReason, StringComparison.Ordinal) == true)
        {
            logger.Replaced(options.PublicKey, options.ReconnectDelay.TotalSeconds);
        }
        else
        {
            logger.Disconnected(reason, options.ReconnectDelay.TotalSeconds);
        }

        return options.ReconnectDelay;
    }

    /// <summary>
    /// Refusals that retrying soon cannot cure (a ban included); others are retried after the usual delay: unavailable
    /// or internal_error while the hub's PostgreSQL is away, and pending_approval, so that an approved validator registers
    /// within that delay.
    /// </summary>
    private static bool CallsForBackOff(string code) =>
        code is ErrorCodes.InvalidSignature or ErrorCodes.Unauthorized or ErrorCodes.RateLimited or ErrorCodes.Banned;

    private TimeSpan AfterRefusal(ErrorMessage refusal, bool hadKey)
    {
        var delay = CallsForBackOff(refusal.Code) ? NextRefusedDelay() : options.ReconnectDelay;
        if (hadKey || refusal.Code != ErrorCodes.InvalidSignature)
        {
            logger.RegistrationRefused(refusal.Code, refusal.Message, delay.TotalSeconds);
        }
        else if (!_missingKeyReported)
        {
            _missingKeyReported = true;
            var keyFile = options.KeySearch?.OwnFile ?? $"a file named by {AgentOptions.KeyFileVariable}";
            logger.MissingKey(options.PublicKey, keyFile, delay.TotalSeconds);
        }
        else
        {
            logger.StillNoKey(options.PublicKey, delay.TotalSeconds);
        }

        return delay;
    }

    private TimeSpan NextRefusedDelay()
    {
        var delay = _nextRefusedDelay;
        var longest = options.ReconnectDelay > MaxRefusedDelay ? options.ReconnectDelay : MaxRefusedDelay;
        _nextRefusedDelay = delay * 2 < longest ? delay * 2 : longest;
        return delay;
    }
}
