namespace Uptime.Grains;

/// <summary>
/// Silo-local hand-off of due checks to every online validator, wherever its socket lives. Implementations
/// coalesce what is due together, so one frame carries many checks.
/// </summary>
public interface ICheckDispatcher
{
    /// <summary>
    /// False while this silo is not a confirmed Active cluster member (declared dead, shutting down, just resumed from a
    /// pause): its website grains may have copies elsewhere by then, so they neither dispatch nor save.
    /// </summary>
    bool SiloIsActive { get; }

    /// <summary>
    /// The latest due time of the checks dispatched by silos that left the cluster in the last few minutes, as far as
    /// this silo heard them; null if none left. A slot after it was sent by none of them, so a grain taking over from
    /// one of them owes that check.
    /// </summary>
    DateTime? LostSilosSentUntil { get; }

    void Enqueue(CheckItem check);
}
