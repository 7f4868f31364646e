using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace Uptime.Hub.Websites;

/// <summary>The query string of <c>GET /api/websites</c>: one page of websites, oldest first, those carrying <c>tag</c> when given.</summary>
public sealed record ListWebsitesQuery(
    [FromQuery(Name = "limit")] string? Limit,
    [FromQuery(Name = "offset")] string? Offset,
    [FromQuery(Name = "tag")] string? Tag) : IValidatableObject
{
    public int Take => Paging.Limit.Read(Limit);

    public int Skip => Paging.Offset.Read(Offset);

    public string? TagFilter => TagParameter.Read(Tag);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        new[] { Paging.Limit.Check(Limit), Paging.Offset.Check(Offset), TagParameter.Check(Tag) }.OfType<ValidationResult>();
}
