namespace Uptime.Grains;

/// <summary>
/// Silo-local hand-off of due checks to every online validator, wherever its socket lives. Implementations
/// coalesce what is due together, so one frame carries many checks.
/// </summary>
public interface ICheckDispatcher
{
    void Enqueue(CheckItem check);
}
