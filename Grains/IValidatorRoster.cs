namespace Uptime.Grains;

/// <summary>
/// The online, active validators of the whole cluster with their regions and whether they are impaired, as this silo last
/// read them (implemented by the hub, refreshed every few seconds), asked by website grains when they dispatch and
/// evaluate, so it answers from memory.
/// </summary>
public interface IValidatorRoster
{
    IReadOnlyList<RosterValidator> Online { get; }

    /// <summary>
    /// The distinct regions with at least one online validator that is not impaired: the regions expected to vote, so a
    /// first Bad vote is weighed against the regions whose votes are still on their way, not against itself alone.
    /// </summary>
    IReadOnlyList<string> VotingRegions { get; }

    /// <summary>
    /// The voting regions for a monitor that needs <paramref name="capability"/>: those with an online, unimpaired validator
    /// that announced it (all <see cref="VotingRegions"/> for null), so a region that cannot run the check is not waited for.
    /// </summary>
    IReadOnlyList<string> VotingRegionsFor(string? capability) => capability is null ? VotingRegions : RosterValidator.VotingRegionsOf(Online, capability);

    /// <summary>Whether the validator failed its canaries lately: its ticks are shown but are no vote.</summary>
    bool IsImpaired(Guid validatorId);
}

/// <summary>
/// An online validator: its region is its location (VALIDATOR_LOCATION); <c>Capabilities</c>: the rich check items it
/// announced (null for none, as a spec-only client; one shared array per distinct set, see <see cref="CapabilitySets"/>, so
/// records compare equal).
/// </summary>
public sealed record RosterValidator(Guid Id, string Region, bool Impaired, string[]? Capabilities = null)
{
    public bool CanRun(MonitorSpec monitor) => monitor.CanRunOn(Capabilities);

    /// <summary>The distinct regions (any case) of the validators in <paramref name="online"/> that are not impaired and announced <paramref name="capability"/> (null: any).</summary>
    public static string[] VotingRegionsOf(IEnumerable<RosterValidator> online, string? capability) =>
        [.. online.Where(v => !v.Impaired && MonitorSpec.Announced(v.Capabilities, capability)).Select(v => v.Region).Distinct(StringComparer.OrdinalIgnoreCase)];
}
