namespace Uptime.Grains;

/// <summary>A silo's relay as last published to the directory.</summary>
[GenerateSerializer, Immutable, Alias("uptime.silo-entry")]
public sealed record SiloEntry(
    [property: Id(0)] string SiloId,
    [property: Id(1)] ISiloRelay Relay,
    [property: Id(2)] int ConnectedValidators);
