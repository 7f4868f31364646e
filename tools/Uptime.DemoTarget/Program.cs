using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

// A tiny local website for demos and tests, so the monitor has something to check on a machine without
// internet: /ok answers 200, /slow answers 200 after a delay, /flaky fails with 500 about a third of the
// time, /down always answers 503, /status/{code} answers that code. POST /alerts is a webhook receiver for the
// hub's notifications: it checks the X-Uptime-Signature with DEMO_ALERT_SECRET and prints each alert's subject.
// It is also the demo's "nightly job": every few seconds it calls the push URL found in DEMO_PUSH_URL_FILE, once the
// demo script has created the push monitor and written its URL there.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var alertSecret = Environment.GetEnvironmentVariable("DEMO_ALERT_SECRET");
if (Environment.GetEnvironmentVariable("DEMO_PUSH_URL_FILE") is { Length: > 0 } pushUrlFile)
{
    _ = PushEveryFewSecondsAsync(pushUrlFile, app.Lifetime.ApplicationStopping);
}

app.MapGet("/ok", () => Results.Text("ok\n"));
app.MapGet("/health", () => Results.Json(new { status = "ok", database = "ok", queue = new { depth = Random.Shared.Next(0, 40) } }));
app.MapGet("/slow", async () =>
{
    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(200, 800)));
    return Results.Text("slow but ok\n");
});
app.MapGet("/flaky", () => Random.Shared.Next(3) == 0 ? Results.StatusCode(500) : Results.Text("ok this time\n"));
app.MapGet("/down", () => Results.StatusCode(503));
app.MapGet("/status/{code:int:range(100,599)}", (int code) => Results.StatusCode(code));
app.MapPost("/alerts", async (HttpRequest request) =>
{
    using var reader = new StreamReader(request.Body, Encoding.UTF8);
    var body = await reader.ReadToEndAsync();
    var timestamp = request.Headers["X-Uptime-Timestamp"].ToString();
    var signature = request.Headers["X-Uptime-Signature"].ToString();
    var expected = alertSecret is null
        ? null
        : "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(alertSecret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
    if (expected is not null && !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
    {
        Console.WriteLine($"🔕 alert refused: bad X-Uptime-Signature (delivery {request.Headers["X-Uptime-Delivery"]})");
        return Results.Unauthorized();
    }

    string? subject;
    try
    {
        using var json = JsonDocument.Parse(body);
        subject = json.RootElement.TryGetProperty("subject", out var s) ? s.GetString() : "(no subject)";
    }
    catch (JsonException e)
    {
        return Results.BadRequest($"the body is not JSON: {e.Message}");
    }

    Console.WriteLine($"🔔 alert {request.Headers["X-Uptime-Delivery"]}: {subject}");
    return Results.NoContent();
});

app.Run();

static async Task PushEveryFewSecondsAsync(string urlFile, CancellationToken stopping)
{
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
    var runs = 0;
    try
    {
        while (await timer.WaitForNextTickAsync(stopping))
        {
            if (!File.Exists(urlFile))
            {
                continue;
            }

            var url = (await File.ReadAllTextAsync(urlFile, stopping)).Trim();
            try
            {
                using var response = await http.PostAsync($"{url}?msg=run%20{++runs}%20ok", null, stopping);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stopping.IsCancellationRequested)
            {
                // The hub is not up yet, or going away: the next run pushes again.
            }
        }
    }
    catch (OperationCanceledException)
    {
        // The target is stopping.
    }
}
