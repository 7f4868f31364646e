namespace Uptime.Grains;

/// <summary>One check of one website, due at <c>DueAt</c> (its slot), bound for every online validator.</summary>
[GenerateSerializer, Immutable, Alias("uptime.check-item")]
public sealed record CheckItem(
    [property: Id(0)] Guid WebsiteId,
    [property: Id(1)] string Url,
    [property: Id(2)] int IntervalSeconds,
    [property: Id(3)] DateTime DueAt);
