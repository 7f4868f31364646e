namespace Uptime.Grains;

/// <summary>
/// What a validator declares when it registers, plus the address it connected from. <c>Capabilities</c>: the rich check
/// items it announced, null for none.
/// </summary>
[GenerateSerializer, Immutable, Alias("uptime.validator-identity")]
public sealed record ValidatorIdentity(
    [property: Id(0)] string PublicKey,
    [property: Id(1)] string Location,
    [property: Id(2)] string IpAddress,
    [property: Id(3)] string[]? Capabilities = null);
