namespace Uptime.Grains.Tests.Infrastructure;

/// <summary>A thread-safe, append-only record of what a test double saw, which a test can await.</summary>
public sealed class AwaitableLog<T>
{
    private readonly List<T> _items = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = NewSignal();

    public void Add(T item)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _items.Add(item);
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    public IReadOnlyList<T> Snapshot()
    {
        lock (_gate)
        {
            return [.. _items];
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the items recorded so far; fails after <see cref="Waits.Timeout"/>.</summary>
    public async Task<IReadOnlyList<T>> WaitForAsync(Func<IReadOnlyList<T>, bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Waits.Timeout);
        while (true)
        {
            IReadOnlyList<T> items;
            Task changed;
            lock (_gate)
            {
                items = [.. _items];
                changed = _changed.Task;
            }

            if (condition(items))
            {
                return items;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"Timed out after {Waits.Timeout.TotalSeconds} s waiting for {what}; saw {items.Count} item(s): [{string.Join("; ", items)}]");
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
