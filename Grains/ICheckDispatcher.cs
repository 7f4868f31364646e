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
    /// The due time of the latest check of the website that reached this silo (every silo's checks reach every silo):
    /// <see cref="DateTime.MinValue"/> if none did within its last two intervals, null if this silo has not been receiving
    /// checks long enough to tell.
    /// </summary>
    DateTime? LatestCheckSeen(Guid websiteId, int intervalSeconds);

    void Enqueue(CheckItem check);
}
