using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Uptime.Bench;

/// <summary>
/// The raw fresh-connection rate of the target farm on this machine: as many GETs as possible, each on a new
/// connection (<c>Connection: close</c>), over the same URLs the websites use. Either wrk or a built-in generator that
/// probes exactly as the agent does (SocketsHttpHandler without pooling, response headers only).
/// </summary>
internal static partial class RawLoad
{
    public sealed record Result(string Tool, double RequestsPerSecond, long Requests, long Failures, double Seconds, string Detail);

    public static async Task<Result> RunAsync(
        string tool, TargetFarm farm, int urls, int concurrency, TimeSpan duration, string runDirectory, CancellationToken cancellationToken)
    {
        var useWrk = tool == "wrk" || (tool == "auto" && Tools.Wrk is not null);
        if (useWrk && Tools.Wrk is null)
        {
            throw new InvalidOperationException("--raw-tool wrk: wrk not found (apt-get install wrk)");
        }

        return useWrk
            ? await RunWrkAsync(farm, urls, concurrency, duration, runDirectory, cancellationToken)
            : await RunBuiltinAsync(farm, urls, concurrency, duration, cancellationToken);
    }

    private static async Task<Result> RunBuiltinAsync(TargetFarm farm, int urls, int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        })
        {
            Timeout = TimeSpan.FromSeconds(10),
        };
        long requests = 0;
        long failures = 0;
        var next = -1;
        var watch = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(duration);
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var url = farm.SiteUrl((int)((uint)Interlocked.Increment(ref next) % (uint)urls));
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.ConnectionClose = true;
                try
                {
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
                    Interlocked.Increment(ref requests);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }, CancellationToken.None)).ToArray();
        await Task.WhenAll(workers);
        var seconds = watch.Elapsed.TotalSeconds;
        return new Result("built-in (.NET, as the agent probes)", requests / seconds, requests, failures, seconds,
            string.Create(CultureInfo.InvariantCulture, $"{concurrency} in flight"));
    }

    private static async Task<Result> RunWrkAsync(TargetFarm farm, int urls, int concurrency, TimeSpan duration, string runDirectory, CancellationToken cancellationToken)
    {
        var script = Path.Combine(runDirectory, "raw.lua");
        await File.WriteAllTextAsync(script, string.Create(CultureInfo.InvariantCulture, $$"""
            -- ./uptime.sh bench --raw: the websites' URLs in turn, each request on a fresh connection.
            local n = 0
            request = function()
              n = n + 1
              return wrk.format("GET", "/site/" .. (n % {{urls}}))
            end
            """), cancellationToken);
        var seconds = (int)Math.Ceiling(duration.TotalSeconds);
        var output = await Task.Run(() => Tools.Run(
            Tools.Wrk!, "-t", "2", "-c", concurrency.ToString(CultureInfo.InvariantCulture),
            "-d", seconds.ToString(CultureInfo.InvariantCulture) + "s", "--timeout", "10s",
            "-H", "Connection: close", "-s", script, farm.SiteUrl(0)), cancellationToken);
        var rate = WrkRate().Match(output);
        var total = WrkTotal().Match(output);
        var errors = WrkErrors().Match(output);
        long failures = 0;
        if (errors.Success)
        {
            failures = errors.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture));
        }

        return new Result(
            "wrk -H 'Connection: close'",
            rate.Success ? double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            total.Success ? long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            failures, seconds,
            string.Create(CultureInfo.InvariantCulture, $"2 threads, {concurrency} connections"));
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex WrkRate();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex WrkTotal();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex WrkErrors();
}
