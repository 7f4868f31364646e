using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Uptime.EndToEnd.Tests.Notifications;

/// <summary>
/// A webhook receiver on 127.0.0.1 for the hub's generic webhook channel: records every request (arrival, delivery key,
/// body) and checks its signature the way a receiver documented by the README would — "sha256=" + hex HMAC-SHA256 of
/// <c>X-Uptime-Timestamp + "." + body</c> with the channel's secret. What it answers is programmable; it can be stopped
/// and started again on the same port (a receiver that is down for a while).
/// </summary>
public sealed class AlertReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedAlert> _received = new();
    private readonly ConcurrentQueue<Func<HttpResponse, Task>> _answers = new();
    private WebApplication? _app;

    private AlertReceiver(string secret, int port)
    {
        Secret = secret;
        Port = port;
    }

    public string Secret { get; }

    public int Port { get; private set; }

    public string Url => $"http://127.0.0.1:{Port}/hook";

    /// <summary>How long each request is held before it is answered (a slow receiver keeps deliveries in flight).</summary>
    public TimeSpan Delay { get; set; }

    public IReadOnlyList<ReceivedAlert> Received => [.. _received];

    public static async Task<AlertReceiver> StartAsync(int port = 0)
    {
        var receiver = new AlertReceiver("e2e-" + RandomNumberGenerator.GetHexString(32, lowercase: true), port);
        await receiver.RestartAsync();
        return receiver;
    }

    /// <summary>The next <paramref name="count"/> requests get <paramref name="status"/> (with Retry-After when given).</summary>
    public void AnswerNext(int count, HttpStatusCode status, TimeSpan? retryAfter = null)
    {
        for (var i = 0; i < count; i++)
        {
            _answers.Enqueue(response =>
            {
                response.StatusCode = (int)status;
                if (retryAfter is { } wait)
                {
                    response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return response.WriteAsync($"answered {(int)status} on purpose");
            });
        }
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    /// <summary>Starts listening (again), on the same port as before once it had one.</summary>
    public async Task RestartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        var app = builder.Build();
        app.MapPost("/hook", ReceiveAsync);
        await app.StartAsync();
        Port = new Uri(app.Urls.First()).Port;
        _app = app;
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var timestamp = context.Request.Headers["X-Uptime-Timestamp"].ToString();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
        var signed = context.Request.Headers["X-Uptime-Signature"].ToString() == expected;
        var answer = _answers.TryDequeue(out var programmed) ? programmed : null;
        _received.Enqueue(new ReceivedAlert(DateTime.UtcNow, context.Request.Headers["X-Uptime-Delivery"].ToString(), signed, body, answer is null && signed));
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay);
        }

        if (!signed)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (answer is not null)
        {
            await answer(context.Response);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}

/// <summary>One request the receiver got; <see cref="Accepted"/> when it answered 2xx.</summary>
public sealed record ReceivedAlert(DateTime At, string DeliveryKey, bool Signed, string Body, bool Accepted)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
}
