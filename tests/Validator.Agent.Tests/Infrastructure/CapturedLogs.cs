using Microsoft.Extensions.Logging;

namespace Uptime.Agent.Tests.Infrastructure;

/// <summary>A logger provider that keeps every formatted line and lets a test await a matching one.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly Lock _lock = new();
    private readonly List<LogEntry> _entries = [];
    private readonly List<(Func<LogEntry, bool> Match, TaskCompletionSource<LogEntry> Found)> _waiters = [];

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public Task<LogEntry> WaitForAsync(Func<LogEntry, bool> match, string what)
    {
        var found = new TaskCompletionSource<LogEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            // Each entry meets the predicate exactly once, in order, under the lock (WaitForCountAsync counts on it).
            var existing = _entries.Find(entry => match(entry));
            if (existing is not null)
            {
                return Task.FromResult(existing);
            }

            _waiters.Add((match, found));
        }

        return Waits.ForAsync(found.Task, what);
    }

    public Task<LogEntry> WaitForAsync(string messagePrefix) =>
        WaitForAsync(entry => entry.Message.StartsWith(messagePrefix, StringComparison.Ordinal), $"a log line starting with \"{messagePrefix}\"");

    /// <summary>Waits until <paramref name="count"/> lines start with <paramref name="messagePrefix"/>.</summary>
    public Task<LogEntry> WaitForCountAsync(string messagePrefix, int count)
    {
        var seen = 0;
        return WaitForAsync(
            entry => entry.Message.StartsWith(messagePrefix, StringComparison.Ordinal) && ++seen == count,
            $"{count} log lines starting with \"{messagePrefix}\"");
    }

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        lock (_lock)
        {
            _entries.Add(entry);
            foreach (var waiter in _waiters.Where(waiter => waiter.Match(entry)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Found.TrySetResult(entry);
            }
        }
    }

    private sealed class CapturingLogger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Add(new LogEntry(category, logLevel, formatter(state, exception)));
    }
}
