using Uptime.Protocol;
using Uptime.Security;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.Hub.Ticks;

/// <summary>The check of a TICK_RESULT's signature when <c>REQUIRE_SIGNED_TICKS=true</c>.</summary>
public static class TickSignature
{
    /// <summary>Null when <paramref name="tick"/> carries <paramref name="key"/>'s signature over its fields; otherwise why not.</summary>
    public static string? Problem(ValidatorPublicKey key, TickResultMessage tick)
    {
        if (tick.Signature is null)
        {
            return "This hub requires signed ticks (REQUIRE_SIGNED_TICKS=true): payload.signature is missing; tick not stored";
        }

        var status = tick.Status == TickStatus.Good ? "Good" : "Bad";
        var text = SignedTexts.Tick(tick.WebsiteId, status, tick.Latency, tick.Timestamp, tick.Error, tick.TickId, tick.Refused);
        return key.Verify(text, tick.Signature)
            ? null
            : $"payload.signature is not {key.Address}'s signature over this tick's websiteId, status, latency, timestamp, error, tickId and refused; tick not stored";
    }
}
