namespace Uptime.Security;

/// <summary>A check target whose address the policy refuses; no connection was opened. The message is the tick's error.</summary>
public sealed class TargetRefusedException(string message) : Exception(message);
