namespace Uptime.Hub.Persistence;

/// <summary>A row of the websites table.</summary>
public sealed record WebsiteRecord(Guid Id, string Url, int IntervalSeconds, bool Enabled, DateTime CreatedAt, DateTime UpdatedAt);
