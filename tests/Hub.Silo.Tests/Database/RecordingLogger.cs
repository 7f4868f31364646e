using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Uptime.Hub.Tests.Database;

/// <summary>Keeps every log entry and lets a test await the first entry with a given event id.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource<string>> _firsts = new();

    public ConcurrentQueue<(LogLevel Level, EventId EventId, string Message)> Entries { get; } = new();

    /// <summary>Completes with the message of the first entry with <paramref name="eventId"/> (past or future).</summary>
    public Task<string> FirstAsync(int eventId) => First(eventId).Task;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        Entries.Enqueue((logLevel, eventId, message));
        First(eventId.Id).TrySetResult(message);
    }

    private TaskCompletionSource<string> First(int eventId) =>
        _firsts.GetOrAdd(eventId, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
}
