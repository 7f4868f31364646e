namespace Uptime.Agent.Checks;

/// <summary>A check target whose address the policy refuses; no connection was opened. The message is the tick's error.</summary>
internal sealed class TargetRefusedException(string message) : Exception(message);
