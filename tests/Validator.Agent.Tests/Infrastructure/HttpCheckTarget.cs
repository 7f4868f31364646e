using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Uptime.Agent.Tests.Infrastructure;

/// <summary>
/// A website for check definitions, over TLS when given a certificate: /echo (any method; 200 "echo"), /status/{code},
/// /json (<see cref="Json"/>, X-Version: 2.1.0), /page (<see cref="Page"/>), /backtrack (a body that makes a nested
/// quantifier backtrack for seconds), /large (<see cref="LargeLength"/> bytes of 'x', then "END"), /slow (after 30 s),
/// /redirect/{code}?to=PATH (that status to PATH). Records every request's method, path, headers and body.
/// </summary>
internal sealed class HttpCheckTarget : IAsyncDisposable
{
    public const string Json = """{"status":"degraded","count":3,"ratio":1.0,"tags":["a","b"],"name":"uptime monitor","missing":null}""";
    public const string Page = "<html><body>Welcome home</body></html>";
    public const int LargeLength = 100_000;

    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private WebApplication _app = null!;
    private Uri _address = null!;

    public IReadOnlyCollection<ReceivedRequest> Received => _received;

    public static async Task<HttpCheckTarget> StartAsync(X509Certificate2? certificate = null)
    {
        var target = new HttpCheckTarget();
        (target._app, target._address) = await LoopbackWebApplication.StartAsync(certificate, target.Map);
        return target;
    }

    public string Url(string pathAndQuery) => new Uri(_address, pathAndQuery).ToString();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            _received.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body));
            await next(context);
        });
        app.Map("/echo", () => Results.Text("echo"));
        app.Map("/status/{code:int}", (int code) => Results.StatusCode(code));
        app.Map("/json", (HttpContext context) =>
        {
            context.Response.Headers["X-Version"] = "2.1.0";
            return Results.Text(Json, "application/json");
        });
        app.Map("/page", () => Results.Text(Page, "text/html"));
        app.Map("/backtrack", () => Results.Text(new string('a', 40) + "!"));
        app.Map("/large", () => Results.Text(new string('x', LargeLength) + "END"));
        app.Map("/slow", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            return Results.Text("late");
        });
        app.Map("/redirect/{code:int}", (HttpContext context, int code, string to) =>
        {
            context.Response.Headers.Location = to;
            return Results.StatusCode(code);
        });
    }
}

/// <summary>One request as <see cref="HttpCheckTarget"/> received it.</summary>
internal sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);
