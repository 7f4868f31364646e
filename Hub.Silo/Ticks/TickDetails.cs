using Uptime.Protocol;
using Uptime.Protocol.Checks;

namespace Uptime.Hub.Ticks;

/// <summary>
/// What a check saw beyond the spec's fields (TICK_RESULT extensions), stored beside the tick: null on a row when the
/// validator said none of it (a spec-only client), so a plain tick carries no extra object. The certificate goes to
/// <see cref="Certificates.CertificateRecorder"/> once the tick is stored.
/// </summary>
public sealed record TickDetails(
    int? HttpStatus, TickPhases? Phases, string? Address, bool? TlsResumed, int? FailedAssertion, CertificateFacts? Certificate, bool? Warm = null)
{
    public static TickDetails? Of(TickResultMessage tick) =>
        tick is { HttpStatus: null, Phases: null, Address: null, TlsResumed: null, FailedAssertion: null, Certificate: null, Warm: null }
            ? null
            : new TickDetails(tick.HttpStatus, tick.Phases, tick.Address, tick.TlsResumed, tick.FailedAssertion, tick.Certificate, tick.Warm);
}
