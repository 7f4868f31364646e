using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Uptime.Hub.Websites;

namespace Uptime.Hub.Incidents;

/// <summary>
/// The query string of <c>GET /api/incidents</c>: <c>websiteId</c>, <c>state</c> (<c>open</c>, <c>resolved</c>, <c>all</c>,
/// the default), <c>since</c> and <c>until</c> (ISO-8601; the incidents open at some time in between) and the lists' paging.
/// </summary>
public sealed record IncidentListQuery(
    [FromQuery(Name = "websiteId")] string? WebsiteId,
    [FromQuery(Name = "state")] string? State,
    [FromQuery(Name = "since")] string? Since,
    [FromQuery(Name = "until")] string? Until,
    [FromQuery(Name = "limit")] string? Limit,
    [FromQuery(Name = "offset")] string? Offset) : IValidatableObject
{
    public const string Open = "open";
    public const string Resolved = "resolved";
    public const string All = "all";

    private static readonly ChoiceParameter _state = new("state", [Open, Resolved, All], All);

    public IncidentFilter Filter => new(
        Guid.TryParse(WebsiteId, out var websiteId) ? websiteId : null,
        _state.Read(State)!,
        ReadTime(Since, out var since) ? since : null,
        ReadTime(Until, out var until) ? until : null,
        Paging.Limit.Read(Limit),
        Paging.Offset.Read(Offset));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WebsiteId is not null && !Guid.TryParse(WebsiteId, out _))
        {
            yield return new($"websiteId must be a GUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6, got \"{WebsiteId}\"", ["websiteId"]);
        }

        foreach (var problem in new[] { _state.Check(State), Paging.Limit.Check(Limit), Paging.Offset.Check(Offset) }.OfType<ValidationResult>())
        {
            yield return problem;
        }

        var sinceRead = ReadTime(Since, out var since);
        var untilRead = ReadTime(Until, out var until);
        if (!sinceRead)
        {
            yield return TimeProblem("since");
        }

        if (!untilRead)
        {
            yield return TimeProblem("until");
        }
        else if (since is not null && until <= since)
        {
            yield return new($"until must be after since ({Since}), got \"{Until}\"", ["until"]);
        }
    }

    private static ValidationResult TimeProblem(string name) =>
        new($"{name} must be an ISO-8601 timestamp such as 2025-11-20T12:00:00Z", [name]);

    private static bool ReadTime(string? text, out DateTime? time)
    {
        time = null;
        if (text is null)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        time = parsed.UtcDateTime;
        return true;
    }
}
