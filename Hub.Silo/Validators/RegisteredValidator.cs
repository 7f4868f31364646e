using Uptime.Security;

namespace Uptime.Hub.Validators;

/// <summary>
/// The validator a connection registered as. <paramref name="Key"/> is the key its REGISTER proved (null when unsigned);
/// <paramref name="RegisteredAt"/> is when the connection first registered; <paramref name="Capabilities"/>: the rich check
/// items it announced (<see cref="Grains.CapabilitySets"/>; null for none).
/// </summary>
internal sealed record RegisteredValidator(
    Guid Id, string PublicKey, string Location, ValidatorPublicKey? Key, DateTime RegisteredAt, string[]? Capabilities = null);
