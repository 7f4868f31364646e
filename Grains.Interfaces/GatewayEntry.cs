namespace Uptime.Grains;

/// <summary>A silo's gateway as last published to the directory.</summary>
[GenerateSerializer, Immutable, Alias("uptime.gateway-entry")]
public sealed record GatewayEntry(
    [property: Id(0)] string SiloId,
    [property: Id(1)] ISiloGateway Gateway,
    [property: Id(2)] int ConnectedValidators);
