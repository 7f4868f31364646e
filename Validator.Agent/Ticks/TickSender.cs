using Uptime.Agent.Hub;

namespace Uptime.Agent.Ticks;

/// <summary>
/// Feeds one registered connection from the <see cref="TickBuffer"/>: once the hub answers REGISTERED, every buffered
/// tick (oldest first), then each new tick as it is produced, and again every tick whose acknowledgement is overdue.
/// The <see cref="TickLog"/> is flushed before each batch, so the line of every tick the hub may have stored is in the
/// file even if the agent is killed right after. When this connection's CHALLENGE asked for signed ticks, a buffered tick
/// that has no signature yet is signed before it is sent.
/// </summary>
internal sealed class TickSender(TickBuffer buffer, TickLog tickLog, TickSigner signer)
{
    /// <summary>Most frames taken from the buffer at once (the lock is held while taking them).</summary>
    public const int BatchSize = 256;

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled (the connection ended) or the session refuses frames.</summary>
    public async Task RunAsync(HubSession session, CancellationToken cancellationToken)
    {
        try
        {
            await session.Registered.WaitAsync(cancellationToken);
            buffer.BeginConnection();
            var signUnsigned = session.RequireSignedTicks ? signer.SignFrame : (Func<byte[], byte[]>?)null;
            var frames = new List<byte[]>(BatchSize);
            while (true)
            {
                frames.Clear();
                buffer.TakeDue(frames, BatchSize, signUnsigned);
                if (frames.Count > 0)
                {
                    tickLog.Flush();
                }

                foreach (var frame in frames)
                {
                    if (!await session.SendTickAsync(frame, cancellationToken))
                    {
                        return;
                    }
                }

                if (frames.Count < BatchSize && buffer.NextDueIn() is var due && due != TimeSpan.Zero)
                {
                    await buffer.WaitForWorkAsync(due, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The connection ended; whatever is unacknowledged stays buffered for the next one.
        }
    }
}
