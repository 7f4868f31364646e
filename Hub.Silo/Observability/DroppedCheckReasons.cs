namespace Uptime.Hub.Observability;

/// <summary>Why a check was dropped instead of sent (the <c>reason</c> tag of <c>uptime_checks_dropped</c>).</summary>
public static class DroppedCheckReasons
{
    /// <summary>More than half an interval past its slot (<see cref="Grains.CheckItem.IsStaleAt"/>).</summary>
    public const string Stale = "stale";

    /// <summary>This silo is not a confirmed Active member of the cluster (declared dead, shutting down, or just resumed from a pause).</summary>
    public const string SiloNotActive = "silo_not_active";
}
