using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Uptime.Security;

namespace Uptime.Bench;

/// <summary>Real <c>Validator.Agent</c> processes (the build output), one per validator, each with its own tick log.</summary>
internal sealed partial class AgentFleet : IAsyncDisposable
{
    private readonly List<(ChildProcess Process, string PublicKey, string TickLog)> _agents = [];

    private AgentFleet()
    {
        Processes = new ProcessGroup("agents", () => [.. _agents.Select(a => a.Process.Id)], withChildren: false);
    }

    public ProcessGroup Processes { get; }

    public IReadOnlyList<string> PublicKeys => [.. _agents.Select(a => a.PublicKey)];

    public IReadOnlyList<string> TickLogs => [.. _agents.Select(a => a.TickLog)];

    public IReadOnlyList<ChildProcess> AgentProcesses => [.. _agents.Select(a => a.Process)];

    /// <summary>Starts <paramref name="count"/> agents; <paramref name="caFile"/> is their AGENT_CA_FILE (the HTTPS farm's CA), null: not set.</summary>
    public static AgentFleet Start(int count, string hubUrl, int maxConcurrentChecks, string? caFile, string runDirectory)
    {
        var fleet = new AgentFleet();
        var dll = Tools.AgentDll;
        for (var i = 1; i <= count; i++)
        {
            var key = ValidatorKey.Generate();
            var publicKey = key.Address;
            var tickLog = Path.Combine(runDirectory, $"agent-{i}.ticks");
            var environment = new Dictionary<string, string>
            {
                ["HUB_URL"] = hubUrl,
                ["VALIDATOR_PRIVATE_KEY"] = key.ToHex(),
                ["ALLOW_PRIVATE_TARGETS"] = "true",
                ["VALIDATOR_LOCATION"] = "Bench " + i.ToString(CultureInfo.InvariantCulture),
                ["AGENT_MAX_CONCURRENT_CHECKS"] = maxConcurrentChecks.ToString(CultureInfo.InvariantCulture),

                // The farm's one host and port stand for thousands of distinct websites, so no per-host cap of its own.
                ["AGENT_MAX_CHECKS_PER_HOST"] = maxConcurrentChecks.ToString(CultureInfo.InvariantCulture),
                ["AGENT_TICK_LOG"] = tickLog,
                ["AGENT_STATS_INTERVAL_SECONDS"] = "10",
                ["AGENT_SHUTDOWN_DRAIN_SECONDS"] = "15",
            };
            if (caFile is not null)
            {
                environment["AGENT_CA_FILE"] = caFile;
            }

            // As the README recommends at volume: no line per check. A command-line setting, because the /bin/sh that
            // starts the agent drops environment variables whose names are no shell identifiers (this one has dots).
            var process = ChildProcess.Start(
                "agent-" + i.ToString(CultureInfo.InvariantCulture), Tools.Dotnet, [dll, "--Logging:LogLevel:Uptime.Agent.Checks=Warning"], environment,
                Path.Combine(runDirectory, $"agent-{i}.log"), Path.GetDirectoryName(dll));
            fleet._agents.Add((process, publicKey, tickLog));
        }

        return fleet;
    }

    /// <summary>Waits until the hub lists every agent as online (GET /api/validators).</summary>
    public async Task WaitRegisteredAsync(HttpClient client, string hubBase, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(PublicKeys, StringComparer.OrdinalIgnoreCase);
        var deadline = DateTime.UtcNow + timeout;
        var online = 0;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var agent in _agents.Where(a => a.Process.HasExited))
            {
                throw new InvalidOperationException($"{agent.Process.Name} exited:\n{agent.Process.Tail(30)}");
            }

            try
            {
                using var document = JsonDocument.Parse(await Http.GetStringAsync(client, hubBase + "/api/validators", cancellationToken));
                online = document.RootElement.EnumerateArray().Count(v =>
                    v.GetProperty("online").GetBoolean() && keys.Contains(v.GetProperty("publicKey").GetString() ?? string.Empty));
                if (online == keys.Count)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(500, cancellationToken);
        }

        throw new TimeoutException($"only {online} of {keys.Count} agents registered within {timeout.TotalSeconds:0} s");
    }

    /// <summary>SIGTERM to every agent; each waits for the hub to acknowledge what it still holds, then exits.</summary>
    public Task StopAsync() => Task.WhenAll(_agents.Select(a => a.Process.StopAsync(TimeSpan.FromSeconds(40))));

    /// <summary>The "Final tick counts" line each agent logs when it stops, summed; null when no agent logged one.</summary>
    public AgentTickCounts? FinalCounts()
    {
        var total = new AgentTickCounts(0, 0, 0, 0, 0, 0);
        var found = false;
        foreach (var (process, _, _) in _agents)
        {
            string text;
            try
            {
                text = File.ReadAllText(process.LogPath);
            }
            catch (IOException)
            {
                continue;
            }

            var match = FinalCountsRegex().Matches(text).LastOrDefault();
            if (match is null)
            {
                continue;
            }

            found = true;
            long Group(int i) => long.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture);
            total = new AgentTickCounts(
                total.Produced + Group(1), total.Sent + Group(2), total.Acknowledged + Group(3),
                total.Pending + Group(4), total.Resent + Group(5), total.Dropped + Group(6));
        }

        return found ? total : null;
    }

    public void DeleteTickLogs()
    {
        foreach (var path in TickLogs)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (process, _, _) in _agents)
        {
            await process.DisposeAsync();
        }
    }

    [GeneratedRegex(@"Final tick counts: produced (\d+), sent (\d+), acknowledged (\d+), pending (\d+), re-sent (\d+), dropped (\d+)")]
    private static partial Regex FinalCountsRegex();
}

internal sealed record AgentTickCounts(long Produced, long Sent, long Acknowledged, long Pending, long Resent, long Dropped);

/// <summary>Reads the agents' tick logs: one line per produced tick, <c>tickId websiteId status timestamp</c>.</summary>
internal static class TickLogs
{
    /// <summary>Every tick id in the files, with the time it was produced (its timestamp: when the check finished).</summary>
    public static IEnumerable<(Guid Id, DateTime ProducedAt)> Read(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                continue;
            }

            foreach (var line in File.ReadLines(path))
            {
                var parts = line.Split(' ');
                if (parts.Length == 4 && Guid.TryParseExact(parts[0], "D", out var id)
                    && DateTime.TryParse(parts[3], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var producedAt))
                {
                    yield return (id, producedAt);
                }
            }
        }
    }
}
