using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace Uptime.Hub.Websites;

/// <summary>The query string of <c>GET /api/websites/{id}/ticks</c>: the newest <c>limit</c> ticks, older than <c>before</c> if given.</summary>
public sealed record ListTicksQuery(
    [FromQuery(Name = "limit")] string? Limit,
    [FromQuery(Name = "before")] string? Before) : IValidatableObject
{
    public int Take => Paging.Limit.Read(Limit);

    public DateTime? Until => TryReadBefore(out var until) ? until : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => new[]
    {
        Paging.Limit.Check(Limit),
        TryReadBefore(out _) ? null : new ValidationResult("before must be an ISO-8601 timestamp such as 2025-11-20T12:00:00Z", ["before"]),
    }.OfType<ValidationResult>();

    private bool TryReadBefore(out DateTime? until)
    {
        until = null;
        if (Before is null)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(Before, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        until = parsed.UtcDateTime;
        return true;
    }
}
