using System.Globalization;

namespace Uptime.Security;

/// <summary>The exact texts validators sign (LF line ends, no trailing newline); hub and agent must build them identically.</summary>
public static class SignedTexts
{
    public static string Registration(string address, string location, string nonce) =>
        $"Uptime validator registration\naddress: {address}\nlocation: {location}\nnonce: {nonce}";

    /// <summary>
    /// The canonical fields of a TICK_RESULT. The timestamp is written in UTC with the round-trip format; a timestamp of
    /// unspecified kind is taken as UTC (as the protocol parser produces UTC times). A refused tick adds a last line
    /// <c>refused: true</c>; any other tick's text is the one agents signed before the field existed, so their signatures
    /// stay valid, and the field cannot be added to a signed tick without breaking its signature.
    /// </summary>
    public static string Tick(Guid websiteId, string status, double latency, DateTime timestamp, string? error, Guid? tickId, bool refused = false)
    {
        var utc = timestamp.Kind == DateTimeKind.Unspecified
            ? DateTime.SpecifyKind(timestamp, DateTimeKind.Utc)
            : timestamp.ToUniversalTime();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Uptime tick\nwebsiteId: {websiteId:D}\nstatus: {status}\nlatency: {latency:R}\ntimestamp: {utc:O}\nerror: {error}\ntickId: {tickId:D}{(refused ? "\nrefused: true" : "")}");
    }
}
