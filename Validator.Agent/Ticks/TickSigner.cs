using Uptime.Agent.Keys;
using Uptime.Protocol;
using Uptime.Security;

namespace Uptime.Agent.Ticks;

/// <summary>
/// Signs TICK_RESULTs with the validator's key when the hub asks for it. <see cref="Required"/> follows the latest
/// CHALLENGE, so new ticks are signed once, when produced, and keep their signature when sent again; a later hub that
/// does not require signatures ignores them. Without a key a tick stays unsigned (a hub that wants signed ticks
/// refuses an unsigned REGISTER anyway).
/// </summary>
internal sealed class TickSigner(SigningKey signingKey)
{
    private volatile bool _required;

    /// <summary>Whether the latest hub asked for signed ticks.</summary>
    public bool Required => _required;

    public void SetRequired(bool required) => _required = required;

    /// <summary>The tick with a personal_sign signature over exactly its fields as sent; unchanged without a key.</summary>
    public TickResultMessage Sign(TickResultMessage tick)
    {
        if (signingKey.Current is not { } key)
        {
            return tick;
        }

        var status = tick.Status == TickStatus.Good ? "Good" : "Bad";
        var text = SignedTexts.Tick(tick.WebsiteId, status, tick.Latency, tick.Timestamp, tick.Error, tick.TickId, tick.Refused);
        return tick with { Signature = key.SignPersonalMessage(text) };
    }

    /// <summary>
    /// Signs an encoded, unsigned TICK_RESULT (one produced before the agent learned that the hub wants signatures).
    /// The frame is decoded again rather than kept as a message, so buffered ticks cost their frame only.
    /// </summary>
    public byte[] SignFrame(byte[] frame) =>
        ValidatorMessageParser.Parse(frame).Message is TickResultMessage tick
            ? MessageWriter.ToUtf8(Sign(tick))
            : throw new ArgumentException("Not an encoded TICK_RESULT", nameof(frame));
}
