namespace Uptime.Hub.Database;

/// <summary>
/// The last successful answers of one read that needs the database, for up to <see cref="Capacity"/> keys (the oldest
/// is dropped for a new one), served while PostgreSQL is unavailable with <see cref="StaleHeader"/> saying as of when.
/// Without an answer kept for the key the failure goes on to the 503 (<see cref="DatabaseUnavailableHandler"/>). Each
/// silo keeps its own: one that never answered a key has nothing to serve for it.
/// </summary>
public sealed class LastAnswers<TKey, TValue>(TimeProvider time)
    where TKey : notnull
{
    public const int Capacity = 8;

    public const string StaleHeader = "X-Uptime-Stale";

    private readonly Lock _lock = new();
    private readonly Dictionary<TKey, (TValue Value, DateTime At)> _kept = [];

    /// <summary>Runs <paramref name="read"/> and keeps its answer; if the database is unavailable, answers the last one kept.</summary>
    public async Task<TValue> ReadAsync(TKey key, Func<Task<TValue>> read, HttpResponse response)
    {
        try
        {
            var value = await read();
            Keep(key, value);
            return value;
        }
        catch (Exception e) when (DatabaseUnavailable.Explain(e) is not null && TryGet(key, out var kept))
        {
            response.Headers[StaleHeader] = $"database unavailable; answer as of {kept.At:O}";
            return kept.Value;
        }
    }

    private void Keep(TKey key, TValue value)
    {
        lock (_lock)
        {
            if (_kept.Count >= Capacity && !_kept.ContainsKey(key))
            {
                _kept.Remove(_kept.MinBy(entry => entry.Value.At).Key);
            }

            _kept[key] = (value, time.GetUtcNow().UtcDateTime);
        }
    }

    private bool TryGet(TKey key, out (TValue Value, DateTime At) kept)
    {
        lock (_lock)
        {
            return _kept.TryGetValue(key, out kept);
        }
    }
}
