namespace Uptime.EndToEnd.Tests.Verdicts;

/// <summary>The three regions (validator locations) of the scenarios.</summary>
internal static class ScenarioRegions
{
    public const string Paris = "EU-West Paris";
    public const string Virginia = "US-East Virginia";
    public const string Mumbai = "AP-South Mumbai";

    public static IReadOnlyList<string> All { get; } = [Paris, Virginia, Mumbai];
}
