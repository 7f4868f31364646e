namespace Uptime.Grains;

/// <summary>The stored online state of a validator.</summary>
public sealed record ValidatorPresence(bool Online, DateTime? LastHeartbeat);
