using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Uptime.Agent.Tests.Infrastructure;

/// <summary>
/// A website to check: /ok (200), /moved (301 to /ok), /found (302 to /ok), /broken (302 to /error), /loop (302 to
/// itself), /redirect?to=URL (302 to URL), /big-headers (200 with an 8 KiB header), /error (500), /slow (answers after
/// 30 s) and /hold (answers once the test calls <see cref="ReleaseHeld"/>). Records the connection id, path and User-Agent
/// of every request.
/// </summary>
internal sealed class TargetServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string ConnectionId, string Path)> _requests = new();
    private readonly ConcurrentQueue<string> _userAgents = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _heldArrivals = new(0);
    private WebApplication _app = null!;
    private Uri _address = null!;
    private int _held;
    private int _maxHeld;

    public IReadOnlyCollection<(string ConnectionId, string Path)> Requests => _requests;

    /// <summary>The User-Agent header of every request, in arrival order.</summary>
    public IReadOnlyCollection<string> UserAgents => _userAgents;

    /// <summary>The most /hold requests that were waiting at the same time.</summary>
    public int MaxHeld => Volatile.Read(ref _maxHeld);

    public static async Task<TargetServer> StartAsync()
    {
        var server = new TargetServer();
        (server._app, server._address) = await LoopbackWebApplication.StartAsync(server.Map);

        // The first request builds every endpoint's request delegate; done here, it cannot eat into a check's timeout.
        using (var warmUp = new HttpClient())
        {
            (await warmUp.GetAsync(server.Url("/ok"))).Dispose();
        }

        server._requests.Clear();
        server._userAgents.Clear();
        return server;
    }

    public int Port => _address.Port;

    public string Url(string path) => new Uri(_address, path).ToString();

    public async Task WaitForHeldAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Waits.ForAsync(_heldArrivals.WaitAsync(), $"{count} requests to /hold");
        }
    }

    public void ReleaseHeld() => _release.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        ReleaseHeld();
        await _app.DisposeAsync();
        _heldArrivals.Dispose();
    }

    private void Map(WebApplication app)
    {
        app.Use((context, next) =>
        {
            _requests.Enqueue((context.Connection.Id, context.Request.Path));
            _userAgents.Enqueue(context.Request.Headers.UserAgent.ToString());
            return next(context);
        });
        app.MapGet("/ok", () => Results.Ok("up"));
        app.MapGet("/moved", () => Results.Redirect("/ok", permanent: true));
        app.MapGet("/found", () => Results.Redirect("/ok"));
        app.MapGet("/broken", () => Results.Redirect("/error"));
        app.MapGet("/loop", () => Results.Redirect("/loop"));
        app.MapGet("/redirect", (string to) => Results.Redirect(to));
        app.MapGet("/big-headers", (HttpContext context) =>
        {
            context.Response.Headers["X-Padding"] = new string('x', 8 * 1024);
            return Results.Ok("big");
        });
        app.MapGet("/error", () => Results.StatusCode(StatusCodes.Status500InternalServerError));
        app.MapGet("/slow", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            return Results.Ok("late");
        });
        app.MapGet("/hold", HoldAsync);
    }

    private async Task HoldAsync(HttpContext context)
    {
        var held = Interlocked.Increment(ref _held);
        InterlockedMax(ref _maxHeld, held);
        _heldArrivals.Release();
        try
        {
            await _release.Task.WaitAsync(context.RequestAborted);
            await context.Response.WriteAsync("released", context.RequestAborted);
        }
        finally
        {
            Interlocked.Decrement(ref _held);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
