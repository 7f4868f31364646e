namespace Uptime.Grains.Tests.Infrastructure;

/// <summary>Polling for state that no test double signals (a grain's own view), bounded by <see cref="Waits.Timeout"/>.</summary>
internal static class Eventually
{
    private static readonly TimeSpan _pollInterval = TimeSpan.FromMilliseconds(50);

    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Waits.Timeout;
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {Waits.Timeout.TotalSeconds} s waiting for {what}; last value: {value}");
            }

            await Task.Delay(_pollInterval);
        }
    }
}
