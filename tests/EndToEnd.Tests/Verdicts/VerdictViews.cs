using System.Text.Json;

namespace Uptime.EndToEnd.Tests.Verdicts;

/// <summary>The verdict part of <c>GET /api/websites/{id}</c>: status, its reason and each region's status.</summary>
internal sealed record WebsiteVerdict(string Status, string? StatusReason, IReadOnlyList<RegionVerdict> Regions, JsonElement Body)
{
    public static WebsiteVerdict Read(JsonElement website) => new(
        website.GetProperty("status").GetString()!,
        website.TryGetProperty("statusReason", out var reason) ? reason.GetString() : null,
        website.TryGetProperty("regionStatuses", out var regions) && regions.ValueKind == JsonValueKind.Array
            ? [.. regions.EnumerateArray().Select(RegionVerdict.Read)]
            : [],
        website);

    public string? StatusOf(string region) => Regions.FirstOrDefault(r => r.Region == region)?.Status;

    public override string ToString() => Body.ToString();
}

/// <summary>One entry of <c>regionStatuses</c>.</summary>
internal sealed record RegionVerdict(string Region, string Status, string? Reason)
{
    public static RegionVerdict Read(JsonElement region) => new(
        region.GetProperty("region").GetString()!,
        region.GetProperty("status").GetString()!,
        region.TryGetProperty("reason", out var reason) ? reason.GetString() : null);
}

/// <summary>One entry of <c>GET /api/websites/{id}/status-changes</c>.</summary>
internal sealed record StatusChange(DateTime At, string From, string To)
{
    public static StatusChange Read(JsonElement change) => new(
        change.GetProperty("at").GetDateTime(), change.GetProperty("from").GetString()!, change.GetProperty("to").GetString()!);

    public override string ToString() => $"{From}→{To} at {At:HH:mm:ss.fff}";
}

/// <summary>One incident as <c>GET /api/incidents</c> lists it.</summary>
internal sealed record Incident(Guid Id, Guid WebsiteId, string Verdict, DateTime OpenedAt, DateTime? AcknowledgedAt, DateTime? ResolvedAt, JsonElement Body)
{
    public static Incident Read(JsonElement incident) => new(
        incident.GetProperty("id").GetGuid(),
        incident.GetProperty("websiteId").GetGuid(),
        incident.GetProperty("verdict").GetString()!,
        incident.GetProperty("openedAt").GetDateTime(),
        NullableDate(incident, "acknowledgedAt"),
        NullableDate(incident, "resolvedAt"),
        incident);

    public override string ToString() => Body.ToString();

    private static DateTime? NullableDate(JsonElement incident, string name) =>
        incident.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetDateTime() : null;
}

/// <summary>One vote of an incident's evidence (<c>GET /api/incidents/{id}</c>, <c>votes</c>).</summary>
internal sealed record EvidenceVote(Guid ValidatorId, string Region)
{
    public static EvidenceVote Read(JsonElement vote) => new(vote.GetProperty("validatorId").GetGuid(), vote.GetProperty("region").GetString()!);
}
