namespace Uptime.Grains;

/// <summary>What happened on one silo in the last second, for every silo's live dashboard streams.</summary>
[GenerateSerializer, Immutable, Alias("uptime.live-batch")]
public sealed record LiveBatch(
    [property: Id(0)] IReadOnlyList<LiveTick> Ticks,
    [property: Id(1)] IReadOnlyList<WebsiteChange> WebsiteChanges);

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
