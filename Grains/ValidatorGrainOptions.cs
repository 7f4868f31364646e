namespace Uptime.Grains;

/// <summary>Heartbeat watch of validators.</summary>
public sealed class ValidatorGrainOptions
{
    /// <summary>A validator silent for longer than this is evicted (spec: 60 s).</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the grain timer compares the last heartbeat with the timeout.</summary>
    public TimeSpan HeartbeatCheckPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Period of the reminder that re-activates an online validator's grain after its silo died.</summary>
    public TimeSpan PresenceReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
