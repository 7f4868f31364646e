using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Uptime.EndToEnd.Tests.Infrastructure;

namespace Uptime.EndToEnd.Tests.Notifications;

/// <summary>
/// A local receiver of the hub's notification requests for the retry, storm and chaos tests: on a fixed port of
/// 127.0.0.1, so it can go down (connections refused) and come back at the same address, it records every request and
/// answers from a script: each of the next requests gets the status queued for it (with <c>Retry-After</c> when given),
/// the rest 200.
/// </summary>
internal sealed class WebhookSink : IAsyncDisposable
{
    public const string DeliveryHeader = "X-Uptime-Delivery";

    private readonly int _port = FreePort.Next();
    private readonly Lock _lock = new();
    private readonly List<ReceivedRequest> _requests = [];
    private readonly Queue<ScriptedAnswer> _script = new();
    private WebApplication? _app;

    private WebhookSink()
    {
    }

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<WebhookSink> StartAsync()
    {
        var sink = new WebhookSink();
        await sink.StartAgainAsync();
        return sink;
    }

    /// <summary>The URL of <paramref name="path"/> on this sink (the same after a restart).</summary>
    public string Url(string path) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{_port}/{path.TrimStart('/')}");

    /// <summary>The next <paramref name="count"/> requests get <paramref name="status"/> (and <c>Retry-After</c> when given).</summary>
    public void AnswerNext(int count, int status, TimeSpan? retryAfter = null)
    {
        lock (_lock)
        {
            for (var i = 0; i < count; i++)
            {
                _script.Enqueue(new ScriptedAnswer(status, retryAfter));
            }
        }
    }

    /// <summary>Takes the sink down: connecting to it is refused until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.DisposeAsync();
        }
    }

    /// <summary>Listens again on the same port.</summary>
    public async Task StartAgainAsync()
    {
        if (_app is not null)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Url("/"));
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(ReceiveAsync);
        await app.StartAsync();
        _app = app;
    }

    /// <summary>What the sink accepted so far (answered 2xx), by delivery key.</summary>
    public DeliveryTally Tally()
    {
        var requests = Requests;
        var accepted = requests.Where(r => r.Status is >= 200 and < 300).ToList();
        var keyed = accepted.Where(r => r.DeliveryKey is not null).GroupBy(r => r.DeliveryKey).ToList();
        return new DeliveryTally(
            requests.Count,
            accepted.Count,
            keyed.Count,
            keyed.Sum(group => group.Count() - 1),
            accepted.Count(r => r.DeliveryKey is null));
    }

    /// <summary>Waits until the sink has accepted <paramref name="count"/> requests; returns those accepted.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAcceptedAsync(int count, TimeSpan timeout, Func<string>? diagnostics = null) =>
        await Eventually.UntilAsync(
            () => Task.FromResult<IReadOnlyList<ReceivedRequest>>([.. Requests.Where(r => r.Status is >= 200 and < 300)]),
            accepted => accepted.Count >= count,
            timeout,
            accepted => $"the webhook sink accepted {accepted?.Count ?? 0} of {count} requests ({Tally()}){diagnostics?.Invoke()}");

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        ScriptedAnswer answer;
        lock (_lock)
        {
            answer = _script.TryDequeue(out var scripted) ? scripted : new ScriptedAnswer(StatusCodes.Status200OK, null);
            _requests.Add(new ReceivedRequest(
                DateTime.UtcNow,
                context.Request.Method,
                context.Request.Path.Value ?? "",
                context.Request.Headers[DeliveryHeader].FirstOrDefault(),
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body,
                answer.Status));
        }

        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
    }

    private sealed record ScriptedAnswer(int Status, TimeSpan? RetryAfter);
}

/// <summary>One request the sink received, with the status it answered.</summary>
internal sealed record ReceivedRequest(
    DateTime At, string Method, string Path, string? DeliveryKey, IReadOnlyDictionary<string, string> Headers, string Body, int Status);

/// <summary>
/// The sink's figures: <see cref="Requests"/> received, <see cref="Accepted"/> answered 2xx, the <see cref="DistinctKeys"/>
/// among those, <see cref="Duplicates"/> (an accepted key accepted again: a re-send after a crash, allowed only with the
/// same key) and <see cref="WithoutKey"/> (accepted without a delivery key).
/// </summary>
internal sealed record DeliveryTally(int Requests, int Accepted, int DistinctKeys, int Duplicates, int WithoutKey);
