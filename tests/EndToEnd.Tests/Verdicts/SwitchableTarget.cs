using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Uptime.EndToEnd.Tests.Verdicts;

/// <summary>How a <see cref="SwitchableTarget"/> endpoint answers now.</summary>
internal enum TargetHealth
{
    /// <summary>200 "ok".</summary>
    Up,

    /// <summary>503 Service Unavailable.</summary>
    Unavailable,

    /// <summary>The connection is reset before any answer: what a checker sees of a crashed server.</summary>
    Closed,
}

/// <summary>
/// A real website on 127.0.0.1 (Kestrel, port chosen by the OS) whose endpoints a test flips between up, 503 and closed,
/// each endpoint on its own, so the scenarios sharing one target do not disturb each other.
/// </summary>
internal sealed class SwitchableTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Uri _address;
    private readonly ConcurrentDictionary<string, TargetHealth> _health;

    private SwitchableTarget(WebApplication app, Uri address, ConcurrentDictionary<string, TargetHealth> health)
    {
        _app = app;
        _address = address;
        _health = health;
    }

    public static async Task<SwitchableTarget> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var health = new ConcurrentDictionary<string, TargetHealth>();
        app.MapGet("/site/{name}", (string name, HttpContext context) => Answer(health.GetValueOrDefault(name, TargetHealth.Unavailable), context));
        await app.StartAsync();
        return new SwitchableTarget(app, new Uri(app.Urls.Single()), health);
    }

    /// <summary>A new endpoint, up until the test flips it.</summary>
    public TargetEndpoint NewEndpoint()
    {
        var name = Guid.NewGuid().ToString("N");
        _health[name] = TargetHealth.Up;
        return new TargetEndpoint(new Uri(_address, $"site/{name}").ToString(), health => _health[name] = health);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static IResult Answer(TargetHealth health, HttpContext context)
    {
        switch (health)
        {
            case TargetHealth.Up:
                return Results.Text("ok\n");
            case TargetHealth.Closed:
                context.Abort();
                return Results.Empty;
            default:
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
    }
}

/// <summary>One endpoint of a <see cref="SwitchableTarget"/>: its URL and the switch of its health.</summary>
internal sealed class TargetEndpoint(string url, Action<TargetHealth> setHealth)
{
    public string Url { get; } = url;

    public void Set(TargetHealth health) => setHealth(health);
}
