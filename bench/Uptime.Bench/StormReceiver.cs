using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Uptime.Bench;

/// <summary>One request the receiver got: when it arrived, its idempotency key, whether its signature held, its events.</summary>
internal sealed record ReceivedMessage(DateTime At, string? DeliveryKey, bool SignatureValid, IReadOnlyList<WebhookEvent> Events);

/// <summary>
/// The webhook receiver of the notification storm: Kestrel on 127.0.0.1 (a free port) in this process, <c>POST /hook</c>.
/// Each request is checked as a receiver should (<c>X-Uptime-Signature</c> = <c>sha256=</c> hex HMAC-SHA256 of
/// <c>X-Uptime-Timestamp + "." + body</c> keyed with the channel's secret, <c>X-Uptime-Delivery</c> present) and recorded.
/// A bad request is answered 401 or 400, so the hub would retry it; it is counted, never taken as delivered.
/// </summary>
internal sealed class StormReceiver : IAsyncDisposable
{
    public const string HookPath = "/hook";

    private readonly WebApplication _app;
    private readonly byte[] _secret;
    private readonly List<ReceivedMessage> _messages = [];
    private int _malformed;

    private StormReceiver(WebApplication app, string secret)
    {
        _app = app;
        _secret = Encoding.UTF8.GetBytes(secret);
        Secret = secret;
    }

    public string Secret { get; }

    public string Url { get; private set; } = "";

    /// <summary>Requests whose body was not a webhook body (no <c>events</c> array, not JSON).</summary>
    public int Malformed => Volatile.Read(ref _malformed);

    public static async Task<StormReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new StormReceiver(app, Uptime.Security.Nonce.Create());
        app.MapPost(HookPath, receiver.HandleAsync);
        await app.StartAsync(cancellationToken);
        receiver.Url = app.Urls.Single().TrimEnd('/') + HookPath;
        return receiver;
    }

    /// <summary>A copy of what arrived so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedMessage> Messages()
    {
        lock (_messages)
        {
            return [.. _messages];
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        var at = DateTime.UtcNow;
        var deliveryKey = request.Headers["X-Uptime-Delivery"].ToString();
        var valid = SignatureHolds(request.Headers["X-Uptime-Timestamp"].ToString(), request.Headers["X-Uptime-Signature"].ToString(), body)
            && deliveryKey.Length > 0;
        IReadOnlyList<WebhookEvent> events;
        try
        {
            events = WebhookEvents.Parse(body);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            Interlocked.Increment(ref _malformed);
            return Results.BadRequest();
        }

        lock (_messages)
        {
            _messages.Add(new ReceivedMessage(at, deliveryKey.Length > 0 ? deliveryKey : null, valid, events));
        }

        return valid ? Results.Ok() : Results.Unauthorized();
    }

    private bool SignatureHolds(string timestamp, string signature, string body)
    {
        const string prefix = "sha256=";
        if (timestamp.Length == 0 || !signature.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var expected = HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(timestamp + "." + body));
        byte[] given;
        try
        {
            given = Convert.FromHexString(signature.AsSpan(prefix.Length));
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
