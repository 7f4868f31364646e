using System.Collections.Concurrent;
using System.Diagnostics;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.EndToEnd.Tests.Verdicts;

/// <summary>What a simulated validator reports for one check.</summary>
internal sealed record CheckAnswer(TickStatus Status, double LatencyMs, string? Error)
{
    public static CheckAnswer Bad(string error, double latencyMs = 1) => new(TickStatus.Bad, latencyMs, error);
}

/// <summary>How a simulated validator answers a check; null sends no answer at all.</summary>
internal delegate Task<CheckAnswer?> CheckBehaviour(ReceivedCheck check, CancellationToken cancellationToken);

/// <summary>The behaviours the scenarios give their simulated validators.</summary>
internal static class CheckBehaviours
{
    /// <summary>How long a real check may take; shorter than the 10 s interval, so an answer never lands on the next round.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    private static readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Really checks the URL as our agent does: 2xx and 3xx are Good; any other status, a time-out or a network error is Bad.</summary>
    public static CheckBehaviour RealCheck { get; } = async (check, cancellationToken) =>
    {
        var started = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            using var response = await _http.GetAsync(check.Url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            var latency = started.Elapsed.TotalMilliseconds;
            return code is >= 200 and < 400 ? new CheckAnswer(TickStatus.Good, latency, null) : CheckAnswer.Bad($"HTTP {code}", latency);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return CheckAnswer.Bad($"Timeout after {CheckTimeout.TotalMilliseconds:0} ms", CheckTimeout.TotalMilliseconds);
        }
        catch (HttpRequestException e)
        {
            return CheckAnswer.Bad($"Connection error: {e.InnerException?.Message ?? e.Message}", started.Elapsed.TotalMilliseconds);
        }
    };

    /// <summary>Receives its checks and never answers them (a rogue that only sends what it makes up).</summary>
    public static CheckBehaviour Silent { get; } = (_, _) => Task.FromResult<CheckAnswer?>(null);

    /// <summary>
    /// A validator whose own network is dead: every check, canaries included, fails, alternately with a connect error and a
    /// time-out, whatever the target's health.
    /// </summary>
    public static CheckBehaviour NetworkDead()
    {
        var count = 0;
        return (_, _) => Task.FromResult<CheckAnswer?>(Interlocked.Increment(ref count) % 2 == 0
            ? CheckAnswer.Bad("Connection error: Network is unreachable")
            : CheckAnswer.Bad($"Timeout after {CheckTimeout.TotalMilliseconds:0} ms", CheckTimeout.TotalMilliseconds));
    }

    /// <summary>
    /// Bad with probability <paramref name="badShare"/>, else a real check; each website's draws come from a generator of its
    /// own seeded with <paramref name="seed"/>, so a website sees the same sequence in every run whatever else is checked.
    /// </summary>
    public static CheckBehaviour Flaky(double badShare, int seed)
    {
        var generators = new ConcurrentDictionary<Guid, Random>();
        return (check, cancellationToken) =>
        {
            var random = generators.GetOrAdd(check.WebsiteId, _ => new Random(seed));
            bool bad;
            lock (random)
            {
                bad = random.NextDouble() < badShare;
            }

            return bad ? Task.FromResult<CheckAnswer?>(CheckAnswer.Bad("HTTP 502")) : RealCheck(check, cancellationToken);
        };
    }

    /// <summary>Bad "HTTP 503" for every check <paramref name="failing"/> picks (e.g. while a region is cut off from the target); otherwise a real check.</summary>
    public static CheckBehaviour FailingWhen(Func<ReceivedCheck, bool> failing) => (check, cancellationToken) =>
        failing(check) ? Task.FromResult<CheckAnswer?>(CheckAnswer.Bad("HTTP 503")) : RealCheck(check, cancellationToken);
}
