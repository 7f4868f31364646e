using System.Text.Json;
using Uptime.Protocol;

namespace Uptime.Hub.Websites;

/// <summary>Reads the verdict fields of a website body (<see cref="Grains.VerdictPolicy"/>), each into a precise message.</summary>
public static class VerdictPolicyInput
{
    public const int MaxRegions = 20;
    public const int MaxValidatorsPerRegion = 100;
    public const int MaxFailingRounds = 10;
    public const int MaxDegradedLatencyMs = 60_000;
    public const int MaxRecoverySeconds = 86_400;

    public static readonly string[] Fields =
        ["regions", "validatorsPerRegion", "downQuorum", "failingRounds", "degradedLatencyMs", "incidentOnDegraded", "recoverySeconds"];

    /// <summary>Reads <paramref name="property"/> into <paramref name="changes"/>; false when it is no verdict field.</summary>
    public static bool TryRead(JsonProperty property, ref VerdictPolicyChanges changes, Dictionary<string, string[]> errors)
    {
        var value = property.Value;
        switch (property.Name)
        {
            case "regions":
                if (ReadRegions(value, errors) is { } regions)
                {
                    changes = changes with { Regions = regions };
                }

                return true;
            case "validatorsPerRegion":
                changes = changes with { ValidatorsPerRegion = OptionalWhole(property, 1, MaxValidatorsPerRegion, "null for every validator of each region", errors) };
                return true;
            case "downQuorum":
                changes = changes with { DownQuorum = OptionalWhole(property, 1, MaxRegions, "null for more than half of the regions with usable data", errors) };
                return true;
            case "failingRounds":
                changes = changes with { FailingRounds = Whole(property, 1, MaxFailingRounds, errors) };
                return true;
            case "degradedLatencyMs":
                changes = changes with { DegradedLatencyMs = OptionalWhole(property, 1, MaxDegradedLatencyMs, "null for no latency threshold", errors) };
                return true;
            case "incidentOnDegraded":
                if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    changes = changes with { IncidentOnDegraded = new Set<bool>(value.GetBoolean()) };
                }
                else
                {
                    errors[property.Name] = ["incidentOnDegraded must be true or false"];
                }

                return true;
            case "recoverySeconds":
                changes = changes with { RecoverySeconds = Whole(property, 0, MaxRecoverySeconds, errors) };
                return true;
            default:
                return false;
        }
    }

    /// <summary>Checks the fields against each other where the body gave both.</summary>
    public static void CheckTogether(VerdictPolicyChanges changes, Dictionary<string, string[]> errors)
    {
        if (changes.DownQuorum is { Value: { } quorum } && changes.Regions is { Value: { } regions } && QuorumProblem(new(regions, DownQuorum: quorum)) is { } problem)
        {
            errors["downQuorum"] = [problem];
        }
    }

    /// <summary>Why a policy's downQuorum can never be met by its regions, if it cannot (an update checks the policy it would leave).</summary>
    public static string? QuorumProblem(Grains.VerdictPolicy policy) =>
        policy is { DownQuorum: { } quorum, Regions: { } regions } && quorum > regions.Length
            ? $"downQuorum {quorum} is more than the {regions.Length} region(s) in regions"
            : null;

    private static Set<string[]?>? ReadRegions(JsonElement value, Dictionary<string, string[]> errors)
    {
        const string Expected = "regions must be null (every region) or an array of 1 to 20 validator locations (VALIDATOR_LOCATION), each 1 to 128 characters";
        if (value.ValueKind == JsonValueKind.Null)
        {
            return new Set<string[]?>(null);
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() is 0 or > MaxRegions)
        {
            errors["regions"] = [Expected];
            return null;
        }

        var regions = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            var region = item.ValueKind == JsonValueKind.String ? TryGetString(item)?.Trim() : null;
            if (string.IsNullOrEmpty(region) || region.Length > ValidatorMessageParser.MaxLocationLength)
            {
                errors["regions"] = [$"{Expected}; item {regions.Count} is not"];
                return null;
            }

            if (regions.Contains(region, StringComparer.OrdinalIgnoreCase))
            {
                errors["regions"] = [$"regions names \"{region}\" more than once (regions compare case-insensitively)"];
                return null;
            }

            regions.Add(region);
        }

        return new Set<string[]?>([.. regions]);
    }

    private static string? TryGetString(JsonElement item)
    {
        try
        {
            return item.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static Set<int>? Whole(JsonProperty property, int min, int max, Dictionary<string, string[]> errors)
    {
        if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var number) && number >= min && number <= max)
        {
            return new Set<int>(number);
        }

        errors[property.Name] = [$"{property.Name} must be a whole number between {min} and {max}"];
        return null;
    }

    private static Set<int?>? OptionalWhole(JsonProperty property, int min, int max, string nullMeans, Dictionary<string, string[]> errors)
    {
        if (property.Value.ValueKind == JsonValueKind.Null)
        {
            return new Set<int?>(null);
        }

        if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var number) && number >= min && number <= max)
        {
            return new Set<int?>(number);
        }

        errors[property.Name] = [$"{property.Name} must be a whole number between {min} and {max}, or {nullMeans}"];
        return null;
    }
}
