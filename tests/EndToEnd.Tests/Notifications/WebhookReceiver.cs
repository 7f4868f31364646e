using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Uptime.EndToEnd.Tests.Notifications;

/// <summary>A local webhook receiver on 127.0.0.1 (port chosen by the OS): answers <c>POST /hook</c> with <see cref="Status"/> and keeps what it got.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public int Status { get; set; } = StatusCodes.Status200OK;

    /// <summary>The <c>X-Uptime-Delivery</c> header of each request received, in order.</summary>
    public ConcurrentQueue<string> Deliveries { get; } = new();

    public string HookUrl => new Uri(new Uri(_app.Urls.Single()), "/hook").ToString();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", (HttpRequest request) =>
        {
            receiver.Deliveries.Enqueue(request.Headers["X-Uptime-Delivery"].ToString());
            return Results.StatusCode(receiver.Status);
        });
        await app.StartAsync();
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
