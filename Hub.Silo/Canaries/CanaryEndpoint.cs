namespace Uptime.Hub.Canaries;

/// <summary>
/// The hub's built-in canary: <c>GET /canary</c>, anonymous, answered from memory with <c>200 ok</c>, so a validator
/// that cannot get it in time has a network (or clock, or load) problem of its own.
/// </summary>
public static class CanaryEndpoint
{
    /// <summary>Relative to HUB_PUBLIC_URL.</summary>
    public const string Path = "canary";

    public static WebApplication MapCanary(this WebApplication app)
    {
        app.MapGet("/" + Path, (HttpResponse response) =>
            {
                response.Headers.CacheControl = "no-store";
                return Results.Text("ok\n");
            })
            .ExcludeFromDescription();
        return app;
    }
}
