using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Uptime.Hub.Websites;

namespace Uptime.Hub.Notifications;

/// <summary>The query string of <c>GET /api/notification-channels/{id}/deliveries</c>: the newest <c>limit</c>, of one <c>state</c> or all.</summary>
public sealed record DeliveryListQuery(
    [FromQuery(Name = "limit")] string? Limit,
    [FromQuery(Name = "state")] string? State) : IValidatableObject
{
    private static readonly ChoiceParameter _state = new("state", ["pending", "sent", "skipped", "dead"], null);

    public int Take => Paging.Limit.Read(Limit);

    public string? StateFilter => _state.Read(State);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        new[] { Paging.Limit.Check(Limit), _state.Check(State) }.OfType<ValidationResult>();
}
