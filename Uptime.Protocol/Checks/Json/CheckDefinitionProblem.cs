namespace Uptime.Protocol.Checks.Json;

/// <summary>The first bad field of a check definition; <see cref="CheckDefinitionJson.Read"/> turns it into its problem text.</summary>
internal sealed class CheckDefinitionProblem(string message) : Exception(message);
