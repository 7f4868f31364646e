using Microsoft.AspNetCore.Http.HttpResults;
using Uptime.Hub.Hosting;

namespace Uptime.Hub.Notifications;

/// <summary>The notifications API: channels, policies, and the delivery log of an incident.</summary>
public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        app.MapChannelsApi();
        app.MapPoliciesApi();
        app.MapGet("/api/incidents/{id}/deliveries", ListIncidentDeliveriesAsync).WithTags("Incidents")
            .WithName("ListIncidentDeliveries").WithSummary("Lists the notifications of an incident's events to each channel, newest first.");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<DeliveryView>>, NotFoundProblem>> ListIncidentDeliveriesAsync(
        Guid id, DeliveryQueries deliveries, CancellationToken cancellationToken) =>
        await deliveries.OfIncidentAsync(id, cancellationToken) is { } found ? TypedResults.Ok(found) : new NotFoundProblem($"incident {id}");
}
