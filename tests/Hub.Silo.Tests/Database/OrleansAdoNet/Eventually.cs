using System.Diagnostics;

namespace Uptime.Hub.Tests.Database.OrleansAdoNet;

/// <summary>Time-bounded polling for conditions that become true after a failover.</summary>
internal static class Eventually
{
    /// <summary>Retries <paramref name="attempt"/> until it returns a value (not null) or the time runs out.</summary>
    public static async Task<T> SucceedsAsync<T>(
        Func<Task<T?>> attempt, TimeSpan timeout, string failureMessage, TimeSpan? pause = null)
        where T : class
    {
        var stopwatch = Stopwatch.StartNew();
        Exception? lastError = null;
        while (stopwatch.Elapsed < timeout)
        {
            try
            {
                var result = await attempt();
                if (result is not null)
                {
                    return result;
                }
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
            {
                lastError = exception;
            }

            await Task.Delay(pause ?? TimeSpan.FromMilliseconds(250));
        }

        throw new Xunit.Sdk.XunitException(
            $"{failureMessage} (gave up after {timeout.TotalSeconds:0} s)"
            + (lastError is null ? string.Empty : $"; last error: {lastError.GetType().Name}: {lastError.Message}"));
    }
}
