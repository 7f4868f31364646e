using System.Buffers;
using System.Net;
using System.Text;
using Uptime.Protocol.Checks;
using Uptime.Security;

namespace Uptime.Agent.Checks.Tcp;

/// <summary>
/// Checks a <c>tcp://host:port</c> monitor: opens a TCP connection through the <see cref="TargetDialer"/> (its rule refuses
/// private addresses unless ALLOW_PRIVATE_TARGETS: a refused tick), writes <see cref="TcpCheckDefinition.Send"/> when given,
/// then, when <see cref="TcpCheckDefinition.Expect"/> is given, reads until its bytes arrive, the peer closes,
/// <see cref="MaxReadBytes"/> were read or the timeout ends. Good when the connection opened and the expected bytes arrived.
/// Phases: dns (null for a literal address) and connect as the dialer timed them, and firstByte from the connection
/// opening (or the send) to the first byte read.
/// </summary>
internal sealed class TcpChecker(TargetDialer dialer, TimeProvider time)
{
    public const int MaxReadBytes = 64 * 1024;

    public async Task<CheckOutcome> CheckAsync(string url, TcpCheckDefinition check, CancellationToken cancellationToken)
    {
        using var timer = new CheckTimer(check.TimeoutSeconds, time, cancellationToken);
        if (!TcpTarget.TryParse(url, out var host, out var port))
        {
            return CheckOutcome.Bad(0, timer.Now, $"Invalid URL \"{url}\": must be tcp://host:port");
        }

        var attempt = new Attempt($"connecting to {host}:{port}");
        try
        {
            var error = await RunAsync(host, port, check, timer, attempt);
            return attempt.Outcome(timer, error);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            if (timer.Expired)
            {
                return attempt.Outcome(timer, $"{timer.TimeoutError} {attempt.Stage}");
            }

            return e is TargetRefusedException
                ? attempt.Outcome(timer, e.Message) with { Refused = true }
                : attempt.Outcome(timer, ExceptionMessages.Describe(e));
        }
    }

    /// <summary>Null when the check passed, else why not; throws for a refused target, a network error or the timeout.</summary>
    private async Task<string?> RunAsync(string host, int port, TcpCheckDefinition check, CheckTimer timer, Attempt attempt)
    {
        await using var stream = await dialer.ConnectAsync(new DnsEndPoint(host, port), attempt.Dial, timer.Token);
        var lap = timer.Timestamp;
        if (check.Send is { } send)
        {
            attempt.Stage = "sending";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(send), timer.Token);
            lap = timer.Timestamp;
        }

        return check.Expect is { } expect ? await ExpectAsync(stream, expect, timer, attempt, lap) : null;
    }

    private static async Task<string?> ExpectAsync(Stream stream, string expect, CheckTimer timer, Attempt attempt, long sent)
    {
        var expected = Encoding.UTF8.GetBytes(expect);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxReadBytes);
        var read = 0;
        try
        {
            attempt.Stage = $"waiting for {Printable.Quote(expect)}: got \"\"";
            while (read < MaxReadBytes)
            {
                var count = await stream.ReadAsync(buffer.AsMemory(read, MaxReadBytes - read), timer.Token);
                if (count == 0)
                {
                    return $"Expected {Printable.Quote(expect)} not received: got {Printable.Quote(buffer.AsSpan(0, read))} and the connection closed";
                }

                attempt.FirstByte ??= timer.MsSince(sent);

                // The expected bytes may straddle the previous read: search from just before it.
                var searchFrom = Math.Max(0, read - expected.Length + 1);
                read += count;
                if (buffer.AsSpan(searchFrom, read - searchFrom).IndexOf(expected) >= 0)
                {
                    return null;
                }

                attempt.Stage = $"waiting for {Printable.Quote(expect)}: got {Printable.Quote(buffer.AsSpan(0, read))}";
            }

            return $"Expected {Printable.Quote(expect)} not received in the first {MaxReadBytes / 1024} KiB: got {Printable.Quote(buffer.AsSpan(0, read))}";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>What one check learned so far, kept when it fails midway.</summary>
    private sealed class Attempt(string stage)
    {
        /// <summary>What the check was doing, for a timeout's error.</summary>
        public string Stage { get; set; } = stage;

        public DialTrace Dial { get; } = new();

        public double? FirstByte { get; set; }

        public CheckOutcome Outcome(CheckTimer timer, string? error)
        {
            var latency = timer.ElapsedMs;
            var outcome = error is null ? CheckOutcome.Good(latency, timer.Now) : CheckOutcome.Bad(latency, timer.Now, error);
            var (dns, connect) = (Dial.Resolve?.TotalMilliseconds, Dial.Connect?.TotalMilliseconds);
            return outcome with
            {
                Phases = dns is null && connect is null ? null : new TickPhases(dns, connect, null, FirstByte, null),
                Address = Dial.RemoteEndPoint?.ToString(),
            };
        }
    }
}
