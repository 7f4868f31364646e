namespace Uptime.Grains;

/// <summary>What an operator configured for a website; the websites table is its source of truth.</summary>
public sealed record WebsiteDefinition(Guid Id, string Url, int IntervalSeconds, bool Enabled);
