namespace Uptime.Hub.Live;

/// <summary><c>/api/events</c>: the dashboard's live stream (server-sent events: ticks, website, validators, ping).</summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/events", (LiveStreams streams, HttpContext context) =>
        {
            context.Response.Headers["X-Accel-Buffering"] = "no";
            return TypedResults.ServerSentEvents(streams.SubscribeAsync(context.RequestAborted));
        }).WithTags("Dashboard")
            .WithName("StreamEvents").WithSummary("The dashboard's live stream of ticks, website changes and validators (server-sent events).");
        return app;
    }
}
