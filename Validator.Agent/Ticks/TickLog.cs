using System.Globalization;
using System.Text;
using Uptime.Agent.Configuration;
using Uptime.Protocol;

namespace Uptime.Agent.Ticks;

/// <summary>
/// When <see cref="AgentOptions.TickLogPath"/> is set, appends one line per produced tick,
/// <c>&lt;tickId&gt; &lt;websiteId&gt; &lt;Good|Bad&gt; &lt;timestamp&gt;</c> (the tick's, UTC, to the millisecond), through a buffered writer flushed every
/// <see cref="FlushInterval"/>, before ticks are sent (see <see cref="TickSender"/>) and at stop. Registered before the
/// check workers, so it stops after them and keeps the line of every tick produced until then. A flushed line is in
/// the operating system's hands: it survives the agent being killed, though not the machine crashing.
/// </summary>
internal sealed class TickLog(AgentOptions options, TimeProvider time, ILogger<TickLog> logger) : IHostedService, IDisposable
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    // "<36> <36> Good 2026-12-06T12:00:00.000Z\n"
    private const int MaxLineLength = 36 + 1 + 36 + 1 + 4 + 1 + 24 + 1;
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private readonly Lock _lock = new();
    private StreamWriter? _writer;
    private ITimer? _flushTimer;
    private bool _dirty;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.TickLogPath is { } path)
        {
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            lock (_lock)
            {
                _writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);
            }

            _flushTimer = time.CreateTimer(_ => Flush(), null, FlushInterval, FlushInterval);
        }

        return Task.CompletedTask;
    }

    /// <summary>Appends the line of <paramref name="tick"/>; does nothing when no file is configured or after stop.</summary>
    public void Append(TickResultMessage tick)
    {
        if (options.TickLogPath is null)
        {
            return;
        }

        Span<char> line = stackalloc char[MaxLineLength];
        var length = Format(tick, line);
        lock (_lock)
        {
            if (_writer is null)
            {
                return;
            }

            try
            {
                _writer.Write(line[..length]);
                _dirty = true;
            }
            catch (IOException e)
            {
                logger.TickLogFailed(options.TickLogPath!, ExceptionMessages.Describe(e));
            }
        }
    }

    /// <summary>Writes the buffered lines to the file, if there are any.</summary>
    public void Flush()
    {
        lock (_lock)
        {
            if (_writer is not null && _dirty)
            {
                try
                {
                    _writer.Flush();
                    _dirty = false;
                }
                catch (IOException e)
                {
                    logger.TickLogFailed(options.TickLogPath!, ExceptionMessages.Describe(e));
                }
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Close();
        return Task.CompletedTask;
    }

    public void Dispose() => Close();

    private static int Format(TickResultMessage tick, Span<char> line)
    {
        (tick.TickId ?? Guid.Empty).TryFormat(line, out var length);
        line[length++] = ' ';
        tick.WebsiteId.TryFormat(line[length..], out var written);
        length += written;
        line[length++] = ' ';
        var status = tick.Status == TickStatus.Good ? "Good" : "Bad";
        status.CopyTo(line[length..]);
        length += status.Length;
        line[length++] = ' ';
        tick.Timestamp.TryFormat(line[length..], out written, TimestampFormat, CultureInfo.InvariantCulture);
        length += written;
        line[length++] = '\n';
        return length;
    }

    private void Close()
    {
        _flushTimer?.Dispose();
        lock (_lock)
        {
            try
            {
                _writer?.Dispose();
            }
            catch (IOException e)
            {
                logger.TickLogFailed(options.TickLogPath!, ExceptionMessages.Describe(e));
            }

            _writer = null;
        }
    }
}
