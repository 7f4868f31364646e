using System.Text.Json;

namespace Uptime.EndToEnd.Tests.Verdicts;

/// <summary>
/// One CHECK_WEBSITE entry a <see cref="SimulatedValidator"/> received, read from the raw frame so extension fields the
/// hub adds are kept: <c>Confirmation</c> is the entry's <c>confirmation</c> marker (false when the hub sends none).
/// </summary>
internal sealed record ReceivedCheck(Guid WebsiteId, string Url, int Interval, string? CheckToken, bool Confirmation, DateTime ReceivedAt)
{
    public static ReceivedCheck Read(JsonElement entry, DateTime receivedAt) => new(
        entry.GetProperty("websiteId").GetGuid(),
        entry.GetProperty("url").GetString()!,
        entry.GetProperty("interval").GetInt32(),
        entry.TryGetProperty("checkToken", out var token) ? token.GetString() : null,
        entry.TryGetProperty("confirmation", out var confirmation) && confirmation.ValueKind == JsonValueKind.True,
        receivedAt);
}
