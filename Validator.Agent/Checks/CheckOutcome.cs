using Uptime.Protocol;
using Uptime.Protocol.Checks;

namespace Uptime.Agent.Checks;

/// <summary>
/// The result of one website check; a failure is a value, never an exception. <c>Refused</c>: the agent's own policy
/// (its SSRF rule) refused the target, so nothing about the website was learned. The rest is what the check saw, each null
/// when unknown, sent as the TICK_RESULT fields of the same names.
/// </summary>
internal sealed record CheckOutcome(TickStatus Status, double LatencyMs, DateTime CompletedAt, string? Error, bool Refused = false)
{
    public int? HttpStatus { get; init; }

    public TickPhases? Phases { get; init; }

    /// <summary>The address dialled, "ip:port" (the last hop's).</summary>
    public string? Address { get; init; }

    public bool? TlsResumed { get; init; }

    public CertificateFacts? Certificate { get; init; }

    public int? FailedAssertion { get; init; }

    /// <summary>For a check that asked for a warm connection: whether it went over one already open (no DNS, connect or TLS); else null.</summary>
    public bool? Warm { get; init; }

    public const int MaxErrorLength = 1000;

    public static CheckOutcome Good(double latencyMs, DateTime completedAt) => new(TickStatus.Good, latencyMs, completedAt, null);

    public static CheckOutcome Bad(double latencyMs, DateTime completedAt, string error) =>
        new(TickStatus.Bad, latencyMs, completedAt, error.Length <= MaxErrorLength ? error : error[..MaxErrorLength]);

    public static CheckOutcome RefusedByPolicy(double latencyMs, DateTime completedAt, string error) => Bad(latencyMs, completedAt, error) with { Refused = true };
}
