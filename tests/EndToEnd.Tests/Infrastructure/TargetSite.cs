using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Uptime.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A local website for the agents to check, on 127.0.0.1 with a port chosen by the OS: /ok answers 200,
/// /error 500, /slow answers only after <see cref="SlowDelay"/> (longer than the agent's 10 s timeout).
/// <see cref="RefusedUrl"/> points at a port that was bound and released, so connecting to it is refused.
/// </summary>
internal sealed class TargetSite : IAsyncDisposable
{
    public static readonly TimeSpan SlowDelay = TimeSpan.FromSeconds(15);

    private readonly WebApplication _app;
    private readonly Uri _address;

    private TargetSite(WebApplication app, Uri address)
    {
        _app = app;
        _address = address;
        RefusedUrl = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Next()}/refused");
    }

    public string RefusedUrl { get; }

    public static async Task<TargetSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/ok", () => Results.Text("ok\n"));
        app.MapGet("/error", () => Results.StatusCode(StatusCodes.Status500InternalServerError));
        app.MapGet("/slow", async (HttpContext context) =>
        {
            await Task.Delay(SlowDelay, context.RequestAborted);
            return Results.Text("late\n");
        });
        await app.StartAsync();
        return new TargetSite(app, new Uri(app.Urls.Single()));
    }

    /// <summary>The absolute URL of <paramref name="path"/> with a query that makes it unique to one website.</summary>
    public string Url(string path) => new Uri(_address, $"{path}?site={Guid.NewGuid():N}").ToString();

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
