namespace Uptime.Grains;

/// <summary>
/// How a monitor is run, as the hub sends it: <c>Type</c> (a monitor type name: http, tcp, dns, push), <c>Check</c> (the
/// saved check definition's JSON, null for the type's plain check) and <c>Capability</c>, what a validator must have
/// announced to receive it (null: any validator, i.e. a plain HTTP monitor a spec-only client can run).
/// </summary>
[GenerateSerializer, Immutable, Alias("uptime.monitor-spec")]
public sealed record MonitorSpec(
    [property: Id(0)] string Type,
    [property: Id(1)] string? Check,
    [property: Id(2)] string? Capability)
{
    public const string HttpType = "http";
    public const string PushType = "push";

    public static readonly MonitorSpec PlainHttp = new(HttpType, null, null);

    /// <summary>A push monitor is judged by the hub from the calls of the job; no validator runs it.</summary>
    public bool RunsOnValidators => Type != PushType;

    /// <summary>Whether a validator that announced <paramref name="capabilities"/> (null: none) can run it.</summary>
    public bool CanRunOn(string[]? capabilities) => Announced(capabilities, Capability);

    /// <summary>Whether <paramref name="capabilities"/> (null: none) include <paramref name="capability"/>; null needs none.</summary>
    public static bool Announced(string[]? capabilities, string? capability) =>
        capability is null || (capabilities is not null && Array.IndexOf(capabilities, capability) >= 0);
}
