using System.Net.WebSockets;

namespace Uptime.Protocol;

/// <summary>
/// How hub and agent notice a peer that stopped answering, with .NET's WebSocket keep-alive: it pings once the peer has
/// sent nothing for the interval and aborts the socket when no pong follows within the timeout, checking both once a
/// second (a quarter of either past 4 s). Pongs come from the peer's WebSocket layer, so a process that is frozen
/// (SIGSTOP, a VM stall) sends none, while one that is merely idle always does.
/// </summary>
public static class WebSocketKeepAlive
{
    /// <summary>
    /// Both the keep-alive interval and its timeout for a silence <paramref name="bound"/>: 40% each, so that with the
    /// two once-a-second checks a silent peer is dropped within the bound from 10 s up (below it, up to 2 s later).
    /// </summary>
    public static TimeSpan IntervalFor(TimeSpan bound) => bound * 0.4;

    /// <summary>
    /// Whether <paramref name="socket"/>, whose receive failed with <paramref name="failure"/>, was aborted by its
    /// keep-alive because the peer left a ping unanswered. .NET reports that timeout as WebSocketError.Faulted: a client
    /// among the errors of the failed receive, Kestrel only as the inner error of the next call on the aborted socket
    /// (its failed receive is a bare cancellation), so that call is made too; on an aborted socket it fails at once.
    /// A connection that was closed or broke otherwise carries no such error.
    /// </summary>
    public static bool TimedOut(WebSocket socket, Exception failure)
    {
        if (IsTimeout(failure))
        {
            return true;
        }

        if (socket.State != WebSocketState.Aborted)
        {
            return false;
        }

        try
        {
            var next = socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None).AsTask();
            return next.Exception is { } error && IsTimeout(error);
        }
        catch (Exception error)
        {
            return IsTimeout(error);
        }
    }

    private static bool IsTimeout(Exception exception) => exception switch
    {
        WebSocketException { WebSocketErrorCode: WebSocketError.Faulted } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsTimeout),
        _ => exception.InnerException is { } inner && IsTimeout(inner),
    };
}
