namespace Uptime.Protocol;

/// <summary>Outcome of one check, spelled <c>Good</c> or <c>Bad</c> on the wire.</summary>
public enum TickStatus
{
    Good,
    Bad,
}
