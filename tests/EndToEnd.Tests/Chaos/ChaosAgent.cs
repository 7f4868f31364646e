using System.Globalization;
using System.Text.RegularExpressions;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Security;

namespace Uptime.EndToEnd.Tests.Chaos;

/// <summary>The agent's own tick counters, from its last "Final tick counts" line (logged when it stops).</summary>
internal sealed record AgentFinalCounts(long Produced, long Sent, long Acknowledged, long Pending, long Resent, long Dropped);

/// <summary>A validator agent process connected through nginx, appending every tick it produces to its tick log.</summary>
internal sealed partial class ChaosAgent : IAsyncDisposable
{
    private ChaosAgent(string name, ChildProcess process, string publicKey, string tickLogPath)
    {
        Name = name;
        Process = process;
        PublicKey = publicKey;
        TickLogPath = tickLogPath;
    }

    public string Name { get; }

    public ChildProcess Process { get; }

    public string PublicKey { get; }

    public string TickLogPath { get; }

    /// <summary>The validator id the hub gave it (set once it is online).</summary>
    public Guid ValidatorId { get; set; }

    /// <summary>Registrations so far ("Registration successful" lines): one per (re)connection.</summary>
    public int Registrations => RegisteredLine().Count(Process.Output);

    public static ChaosAgent Start(string name, string hubUrl, string tickLogPath, IReadOnlyDictionary<string, string?> settings)
    {
        var validatorKey = ValidatorKey.Generate();
        var publicKey = validatorKey.Address;
        var environment = new Dictionary<string, string?>
        {
            ["HUB_URL"] = hubUrl,
            ["VALIDATOR_PRIVATE_KEY"] = validatorKey.ToHex(),
            ["ALLOW_PRIVATE_TARGETS"] = "true",
            ["VALIDATOR_LOCATION"] = name,
            ["AGENT_TICK_LOG"] = tickLogPath,
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return new ChaosAgent(name, ChildProcess.Start(name, RepositoryLayout.AgentDll, environment), publicKey, tickLogPath);
    }

    /// <summary>The counters of the agent's "Final tick counts" line, or null when it has not logged one.</summary>
    public AgentFinalCounts? FinalCounts()
    {
        var match = FinalCountsLine().Matches(Process.Output).LastOrDefault();
        if (match is null)
        {
            return null;
        }

        long Group(string name) => long.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);
        return new AgentFinalCounts(Group("produced"), Group("sent"), Group("acked"), Group("pending"), Group("resent"), Group("dropped"));
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    [GeneratedRegex("Registration successful")]
    private static partial Regex RegisteredLine();

    [GeneratedRegex(@"Final tick counts: produced (?<produced>\d+), sent (?<sent>\d+), acknowledged (?<acked>\d+), pending (?<pending>\d+), re-sent (?<resent>\d+), dropped (?<dropped>\d+)")]
    private static partial Regex FinalCountsLine();
}
