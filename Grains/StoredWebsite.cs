namespace Uptime.Grains;

/// <summary>
/// A website as the websites table holds it: what the operator configured and the status last recorded through
/// <see cref="IStatusChangeLog"/>, the one store of a website's status. A website grain starts from that status, so
/// the grain, the table and the change log never tell different stories after a restart or a failover. <c>LastPush</c>:
/// a push monitor's latest stored push, so its deadline survives a restart; null for other monitors and before any push.
/// </summary>
public sealed record StoredWebsite(WebsiteDefinition Definition, WebsiteHealth Status, DateTime? StatusChangedAt, PushReport? LastPush = null);
