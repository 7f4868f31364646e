using System.Net;
using DnsClient;
using DnsClient.Protocol;
using Uptime.Agent.Configuration;
using Uptime.Protocol.Checks;
using Uptime.Security;

namespace Uptime.Agent.Checks.Dns;

/// <summary>
/// Checks a <c>dns://name</c> monitor: one query (no retry, no cache) for the definition's record type at its server, or at
/// the resolvers the agent's system uses when it names none. Good when the answer holds at least one record of that type
/// and, when <see cref="DnsCheckDefinition.Expected"/> is given, one equal to it (<see cref="DnsAnswers"/>). A given server
/// must pass the address rule a website's address must pass (<see cref="TargetAddressPolicy"/>, unless
/// ALLOW_PRIVATE_TARGETS), else the tick is refused. Phases: dns, the query's time; the address is the server that answered.
/// </summary>
internal sealed class DnsChecker(AgentOptions options, TimeProvider time)
{
    private const int MaxShownAnswers = 10;

    // Built on first use: it reads the system's resolver configuration, which an agent that never runs a DNS check never needs.
    private readonly Lazy<LookupClient> _client = new(() => new LookupClient(new LookupClientOptions { UseCache = false }));

    public async Task<CheckOutcome> CheckAsync(string url, DnsCheckDefinition check, CancellationToken cancellationToken)
    {
        using var timer = new CheckTimer(check.TimeoutSeconds, time, cancellationToken);
        if (!DnsTarget.TryParse(url, out var name))
        {
            return CheckOutcome.Bad(0, timer.Now, $"Invalid URL \"{url}\": must be dns://name");
        }

        if (!DnsCheckDefinition.RecordTypes.Contains(check.RecordType) || !Enum.TryParse<QueryType>(check.RecordType, out var type))
        {
            return CheckOutcome.RefusedByPolicy(0, timer.Now, $"Unknown DNS record type \"{check.RecordType}\"");
        }

        IPEndPoint? server = null;
        if (check.Server is { } written)
        {
            if (!DnsServer.TryParse(written, out server))
            {
                return CheckOutcome.RefusedByPolicy(0, timer.Now, $"Invalid DNS server \"{written}\": must be an address or address:port");
            }

            if (!options.AllowPrivateTargets && TargetAddressPolicy.RefusalReason(server.Address) is { } refusal)
            {
                return CheckOutcome.RefusedByPolicy(0, timer.Now, $"Refused: {refusal} (DNS server)");
            }
        }

        var question = new DnsQuestion(name, type);
        try
        {
            var sent = timer.Timestamp;
            var response = await QueryAsync(question, server, timer);
            var queryMs = timer.MsSince(sent);
            var error = Judge(response, name, type, check.Expected);
            var latency = timer.ElapsedMs;
            var outcome = error is null ? CheckOutcome.Good(latency, timer.Now) : CheckOutcome.Bad(latency, timer.Now, error);
            return outcome with { Phases = new TickPhases(queryMs, null, null, null, null), Address = AddressOf(response.NameServer) };
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var isTimeout = timer.Expired || e is DnsResponseException { Code: DnsResponseCode.ConnectionTimeout };
            var asked = server?.ToString() ?? "the system resolver";
            var error = isTimeout ? $"{timer.TimeoutError} (no answer from {asked})" : $"Query to {asked} failed: {ExceptionMessages.Describe(e)}";
            return CheckOutcome.Bad(timer.ElapsedMs, timer.Now, error);
        }
    }

    private Task<IDnsQueryResponse> QueryAsync(DnsQuestion question, IPEndPoint? server, CheckTimer timer)
    {
        var timeout = timer.Limit;
        if (server is null)
        {
            // No servers in the options: the client's own, read from the system.
            return _client.Value.QueryAsync(question, Options(new DnsQueryAndServerOptions(), timeout), timer.Token);
        }

        return _client.Value.QueryServerAsync([new NameServer(server)], question, Options(new DnsQueryOptions(), timeout), timer.Token);
    }

    /// <summary>One attempt at one server, whose answer counts as it is: an error or an empty answer is not retried elsewhere.</summary>
    private static T Options<T>(T options, TimeSpan timeout)
        where T : DnsQueryOptions
    {
        options.Timeout = timeout;
        options.Retries = 0;
        options.UseCache = false;
        options.ThrowDnsErrors = false;
        options.ContinueOnDnsError = false;
        options.ContinueOnEmptyResponse = false;
        return options;
    }

    /// <summary>Null when the answer is Good, else why not.</summary>
    private static string? Judge(IDnsQueryResponse response, string name, QueryType type, string? expected)
    {
        var code = (DnsResponseCode)response.Header.ResponseCode;
        if (code != DnsResponseCode.NoError)
        {
            return code == DnsResponseCode.NotExistentDomain
                ? $"NXDOMAIN: {name} does not exist"
                : $"{CodeName(code)} from {AddressOf(response.NameServer)}";
        }

        var answers = response.Answers.Where(record => record.RecordType == (ResourceRecordType)type).ToList();
        if (answers.Count == 0)
        {
            return $"No {type} record for {name}";
        }

        if (expected is null || answers.Exists(record => DnsAnswers.Matches(record, expected)))
        {
            return null;
        }

        var shown = answers.Take(MaxShownAnswers).Select(record => Printable.Quote(DnsAnswers.Show(record)));
        var more = answers.Count > MaxShownAnswers ? $", … ({answers.Count - MaxShownAnswers} more)" : "";
        return $"Expected {Printable.Quote(expected)}, got [{string.Join(", ", shown)}{more}]";
    }

    private static string CodeName(DnsResponseCode code) => code switch
    {
        DnsResponseCode.ServerFailure => "SERVFAIL",
        DnsResponseCode.Refused => "REFUSED",
        DnsResponseCode.FormatError => "FORMERR",
        DnsResponseCode.NotImplemented => "NOTIMP",
        _ => $"DNS error {code}",
    };

    private static string? AddressOf(NameServer? server) =>
        server is not null && IPAddress.TryParse(server.Address, out var address) ? new IPEndPoint(address, server.Port).ToString() : null;
}
