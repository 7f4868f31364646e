using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

// A tiny local website for demos and tests, so the monitor has something to check on a machine without
// internet: /ok answers 200, /slow answers 200 after a delay, /flaky fails with 500 about a third of the
// time, /down always answers 503, /status/{code} answers that code. POST /alerts is a webhook receiver for the
// hub's notifications: it checks the X-Uptime-Signature with DEMO_ALERT_SECRET and prints each alert's subject.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var alertSecret = Environment.GetEnvironmentVariable("DEMO_ALERT_SECRET");

app.MapGet("/ok", () => Results.Text("ok\n"));
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
