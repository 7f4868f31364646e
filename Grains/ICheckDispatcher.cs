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

    void Enqueue(CheckItem check);
}
