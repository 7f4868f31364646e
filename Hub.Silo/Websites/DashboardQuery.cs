using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Uptime.Hub.Websites;

/// <summary>
/// The query string of <c>GET /api/dashboard</c>, every parameter optional: a page (<c>limit</c>, <c>offset</c>), a filter
/// (<c>status</c>, <c>q</c> a part of the name or URL, <c>tag</c>) and an order (<c>sort</c>, <c>order</c>).
/// </summary>
public sealed record DashboardQuery(
    [FromQuery(Name = "limit")] string? Limit,
    [FromQuery(Name = "offset")] string? Offset,
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "sort")] string? Sort,
    [FromQuery(Name = "order")] string? Order,
    [FromQuery(Name = "tag")] string? Tag) : IValidatableObject
{
    public const int MaxTextLength = 2048;

    private static readonly ChoiceParameter _status = new("status", WebsiteListQuery.Statuses, null);
    private static readonly ChoiceParameter _sort = new("sort", [WebsiteListQuery.ByStatus, WebsiteListQuery.ByUrl], WebsiteListQuery.ByStatus);
    private static readonly ChoiceParameter _order = new("order", ["asc", "desc"], "asc");

    public WebsiteListQuery ToListQuery() => new(
        _status.Read(Status),
        Q?.Trim(),
        _sort.Read(Sort)!,
        _order.Read(Order) == "desc",
        Paging.Limit.Read(Limit),
        Paging.Offset.Read(Offset),
        TagParameter.Read(Tag));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => new[]
    {
        Paging.Limit.Check(Limit),
        Paging.Offset.Check(Offset),
        _status.Check(Status),
        Q is { Length: > MaxTextLength } ? new ValidationResult($"q must be at most {MaxTextLength} characters", ["q"]) : null,
        _sort.Check(Sort),
        _order.Check(Order),
        TagParameter.Check(Tag),
    }.OfType<ValidationResult>();
}
