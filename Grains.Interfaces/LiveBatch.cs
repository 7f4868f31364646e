namespace Uptime.Grains;

/// <summary>What happened on one silo in the last second, for every silo's live dashboard streams.</summary>
[GenerateSerializer, Immutable, Alias("uptime.live-batch")]
public sealed record LiveBatch(
    [property: Id(0)] IReadOnlyList<LiveTick> Ticks,
    [property: Id(1)] IReadOnlyList<WebsiteChange> WebsiteChanges,
    [property: Id(2)] IReadOnlyList<IncidentChange> IncidentChanges);

/// <summary>A tick as the dashboard shows it.</summary>
[GenerateSerializer, Immutable, Alias("uptime.live-tick")]
public sealed record LiveTick(
    [property: Id(0)] Guid WebsiteId,
    [property: Id(1)] Guid ValidatorId,
    [property: Id(2)] string Location,
    [property: Id(3)] bool Good,
    [property: Id(4)] double Latency,
    [property: Id(5)] DateTime Timestamp,
    [property: Id(6)] string? Error,
    [property: Id(7)] WebsiteHealth WebsiteStatus);

/// <summary>A website created, updated or deleted through the API.</summary>
[GenerateSerializer, Immutable, Alias("uptime.website-change")]
public sealed record WebsiteChange(
    [property: Id(0)] Guid WebsiteId,
    [property: Id(1)] string Action);

/// <summary>
/// An incident opened, acknowledged, annotated or resolved (<paramref name="Kind"/>: <c>opened</c>, <c>acknowledged</c>,
/// <c>note</c>, <c>resolved</c>), after its commit; <paramref name="Actor"/> is the operator, <c>auto</c> or null for the hub.
/// </summary>
[GenerateSerializer, Immutable, Alias("uptime.incident-change")]
public sealed record IncidentChange(
    [property: Id(0)] Guid IncidentId,
    [property: Id(1)] Guid WebsiteId,
    [property: Id(2)] string Kind,
    [property: Id(3)] DateTime At,
    [property: Id(4)] string? Actor,
    [property: Id(5)] string Text);
