using System.Collections.Concurrent;
using System.Text.Json;
using Uptime.Agent.Checks.Dns;
using Uptime.Agent.Checks.Tcp;
using Uptime.Protocol;
using Uptime.Protocol.Checks;

namespace Uptime.Agent.Checks;

/// <summary>
/// Runs one CHECK_WEBSITE item by its monitor type: a plain item (no <c>type</c>, no <c>check</c>) is the spec's HTTP check
/// with its defaults; a <c>check</c> object the agent cannot read is a refused tick (the hub sent what it validated, so
/// this is no fact about the website).
/// </summary>
internal sealed class CheckRunner(WebsiteChecker http, TcpChecker tcp, DnsChecker dns, TimeProvider time)
{
    /// <summary>Distinct check texts kept read; past it the cache starts over.</summary>
    public const int MaxDefinitionsKept = 4096;

    private readonly ConcurrentDictionary<(MonitorType Type, string Json), ReadDefinition> _read = new();

    public Task<CheckOutcome> RunAsync(WebsiteCheck item, CancellationToken cancellationToken)
    {
        var type = MonitorType.Http;
        if (item.Type is { } name && !MonitorTypeNames.TryParse(name, out type))
        {
            return Task.FromResult(Unrunnable($"Unknown monitor type \"{name}\""));
        }

        CheckDefinition? definition;
        string? problem;
        try
        {
            definition = Definition(type, item.Check, out problem);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A worker must survive any item: an exception here would end its loop.
            return Task.FromResult(Unrunnable($"Invalid check definition: {ExceptionMessages.Describe(e)}"));
        }

        return definition switch
        {
            HttpCheckDefinition check => http.CheckAsync(item.Url, check, cancellationToken),
            TcpCheckDefinition check => tcp.CheckAsync(item.Url, check, cancellationToken),
            DnsCheckDefinition check => dns.CheckAsync(item.Url, check, cancellationToken),
            null => Task.FromResult(Unrunnable($"Invalid check definition: {problem}")),
            _ => Task.FromResult(Unrunnable($"This agent cannot run {MonitorTypeNames.NameOf(type)} checks")),
        };
    }

    /// <summary>
    /// The definition of an item: the type's plain one without a <c>check</c> object, else the object read once per distinct
    /// text (a website's check arrives every interval with the same text; reading it compiles its regexes and JMESPath).
    /// </summary>
    private CheckDefinition? Definition(MonitorType type, string? json, out string? problem)
    {
        problem = null;
        if (json is null)
        {
            return CheckDefinitionJson.Plain(type);
        }

        if (!_read.TryGetValue((type, json), out var read))
        {
            using var document = JsonDocument.Parse(json);
            read = new ReadDefinition(CheckDefinitionJson.Read(type, document.RootElement, "check", out var readProblem), readProblem);
            if (_read.Count >= MaxDefinitionsKept)
            {
                _read.Clear();
            }

            _read[(type, json)] = read;
        }

        problem = read.Problem;
        return read.Definition;
    }

    private sealed record ReadDefinition(CheckDefinition? Definition, string? Problem);

    private CheckOutcome Unrunnable(string reason) => CheckOutcome.RefusedByPolicy(0, time.GetUtcNow().UtcDateTime, reason);
}
