using System.Diagnostics;
using Xunit.Sdk;

namespace Uptime.EndToEnd.Tests.Infrastructure;

/// <summary>Polls a condition every <see cref="Period"/> until it holds or a deadline passes; never a fixed sleep.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Probes until <paramref name="done"/> accepts the value and returns it; on time-out fails with
    /// <paramref name="failure"/> given the last value seen (default when every probe threw).
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, Func<T?, string> failure)
    {
        var stopwatch = Stopwatch.StartNew();
        T? last = default;
        Exception? lastError = null;
        while (true)
        {
            try
            {
                last = await probe();
                lastError = null;
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception e) when (e is not XunitException)
            {
                lastError = e;
            }

            if (stopwatch.Elapsed > timeout)
            {
                var error = lastError is null ? "" : $"\nLast probe failed: {lastError.GetType().Name}: {lastError.Message}";
                throw new XunitException($"Gave up after {timeout.TotalSeconds:0} s: {failure(last)}{error}");
            }

            await Task.Delay(Period);
        }
    }
}
