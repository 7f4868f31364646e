namespace Uptime.Agent.Checks.Http;

/// <summary>The first assertion of a definition the response failed: its index in the definition, and what went wrong.</summary>
internal readonly record struct AssertionFailure(int Index, string Message);
