using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Uptime.EndToEnd.Tests.Canaries;

/// <summary>A canary on 127.0.0.1 that answers 200 after <see cref="Delay"/>, which a test changes while the hub runs.</summary>
internal sealed class CanaryTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _delayTicks;

    private CanaryTarget(WebApplication app) => _app = app;

    public string Url => new Uri(new Uri(_app.Urls.Single()), "/canary").ToString();

    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
    }

    public static async Task<CanaryTarget> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var target = new CanaryTarget(app);
        app.MapGet("/canary", async (HttpContext context) =>
        {
            await Task.Delay(target.Delay, context.RequestAborted);
            return Results.Text("ok\n");
        });
        await app.StartAsync();
        return target;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
