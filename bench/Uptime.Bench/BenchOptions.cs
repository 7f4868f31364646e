using System.Globalization;

namespace Uptime.Bench;

/// <summary>The command line of <c>./uptime.sh bench</c>; every bad value is a precise <see cref="FormatException"/>.</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        usage: ./uptime.sh bench [options]

        Starts a target farm (nginx), a fresh PostgreSQL, hub silo(s) and validator agents on this machine, creates
        the websites through the API, ramps up, measures over a steady window and prints a table (and writes JSON).

        Load
          --websites N              websites to create (default 1000; 0 with --raw: only the raw baseline)
          --validators N            real Validator.Agent processes (default 3)
          --interval S              check interval of every website, seconds, >= 10 (default 30)
          --warmup S                ramp-up before the window (default max(15, 2 x interval))
          --duration S              measuring window, seconds (default 60)
          --silos 1|3               hub silos; 3 = behind HAProxy rendered from deploy/haproxy.cfg (default 1)
        Target farm (nginx answering any path /site/<n>, split by a hash of the URI)
          --error-share F           share of websites answering 500 (default 0)
          --slow-share F            share of websites answered after --slow-ms by a Kestrel endpoint (default 0)
          --slow-ms MS              delay of the slow share (default 2000)
          --farm-workers N          nginx worker processes of the farm (default 1)
          --https                   the websites are https://localhost:<port>/site/<n> (TLS 1.2/1.3, a CA made at
                                    start, given to the agents as AGENT_CA_FILE), spread over --https-hosts ports
          --https-hosts N           HTTPS target hosts (ports) (default 50)
          --https-key ecdsa|rsa     the server certificate's key: P-256 or RSA 2048 (default ecdsa)
        TLS handshake harness (a different mode: only the HTTPS farm and this process)
          --tls-handshakes S        fresh TCP + TLS handshake + one GET against the HTTPS farm, this process pinned to
                                    CPU 0 and nginx to CPU 1: naive (no resumption) then resumed, S seconds each,
                                    three rounds; checks/s, CPU per check, handshakes resumed (client and nginx)
          --tls-concurrency N       checks in flight in the harness (default 16)
          --tls-protocol any|1.2|1.3  the harness's client protocols (default any: TLS 1.3 with this nginx)
        Notification storm (a webhook channel to a receiver in this process, a policy for all websites)
          --storm-share F           share of websites (the first created, at /storm/<n>) that answer 200, then all
                                    503 at once a third into the window (default 0.01; 0: no storm, no channel)
        Baseline
          --raw S                   first run a raw fresh-connection load against the farm for S seconds (default 0: off)
          --raw-tool auto|builtin|wrk   auto = wrk when installed, else the built-in generator (default auto)
          --raw-concurrency N       connections in flight of the raw load (default 64)
        Simulated validators (a different mode)
          --simulated-validators N  N lightweight WebSocket validators from this process that REGISTER and HEARTBEAT
                                    (no websites by default; with --websites N they also answer each check at once
                                    with a synthetic tick, no HTTP)
          --heartbeat-interval S    their HEARTBEAT period (default 10)
        Other
          --agent-concurrency N     AGENT_MAX_CONCURRENT_CHECKS of each agent (default: enough for the load, >= 256)
          --create-concurrency N    parallel POST /api/websites while creating (default 32)
          --pg-durable true|false   PostgreSQL with fsync and synchronous commit, as in production (default true)
          --pg-stat-statements      load pg_stat_statements and list the statements that took PostgreSQL's time
          --json PATH               where to write the JSON result (default .run/bench/<run>/result.json)
          --keep-tick-logs          keep the agents' tick logs in the run folder (deleted by default)
          --signed-ticks            the hub requires signed TICK_RESULTs (REQUIRE_SIGNED_TICKS=true)
          --keyword TEXT            every website gets a check definition asserting that its body contains TEXT (the
                                    farm answers "ok"), so each check reads the body and runs an assertion
          --warm                    every website's check asks for a warm connection ("connection": "warm"): one
                                    keep-alive connection per target host and port in each agent
          --help
        """;

    public int Websites { get; private set; } = 1000;

    public int Validators { get; private set; } = 3;

    public int IntervalSeconds { get; private set; } = 30;

    public int WarmupSeconds { get; private set; } = -1;

    public int DurationSeconds { get; private set; } = 60;

    public int Silos { get; private set; } = 1;

    public double ErrorShare { get; private set; }

    public double SlowShare { get; private set; }

    public int SlowMs { get; private set; } = 2000;

    public int FarmWorkers { get; private set; } = 1;

    /// <summary>The farm serves the websites over HTTPS, on <see cref="HttpsHosts"/> ports.</summary>
    public bool Https { get; private set; }

    public int HttpsHosts { get; private set; } = 50;

    /// <summary>Seconds of each phase of the TLS handshake harness; 0: not that mode.</summary>
    public int TlsHandshakeSeconds { get; private set; }

    public int TlsConcurrency { get; private set; } = 16;

    /// <summary>The farm's server key is RSA 2048 rather than P-256.</summary>
    public bool HttpsRsa { get; private set; }

    /// <summary>The harness client's protocols; None: the system's choice.</summary>
    public System.Security.Authentication.SslProtocols TlsProtocols { get; private set; }

    public double StormShare { get; private set; } = 0.01;

    /// <summary>How many websites take part in the notification storm (the first ones created, at <c>/storm/&lt;n&gt;</c>).</summary>
    public int StormWebsites => (int)Math.Round(Websites * StormShare, MidpointRounding.AwayFromZero);

    public int RawSeconds { get; private set; }

    public string RawTool { get; private set; } = "auto";

    public int RawConcurrency { get; private set; } = 64;

    public int SimulatedValidators { get; private set; }

    public int HeartbeatIntervalSeconds { get; private set; } = 10;

    public int AgentConcurrency { get; private set; }

    public int CreateConcurrency { get; private set; } = 32;

    public bool PostgresDurable { get; private set; } = true;

    public bool PostgresStatements { get; private set; }

    public string? JsonPath { get; private set; }

    public bool KeepTickLogs { get; private set; }

    /// <summary>The hub requires every TICK_RESULT to be signed (REQUIRE_SIGNED_TICKS=true), to measure what signing costs.</summary>
    public bool SignedTicks { get; private set; }

    /// <summary>A body keyword every website's check asserts (null: plain checks), to measure what an assertion costs.</summary>
    public string? Keyword { get; private set; }

    /// <summary>Every website's check asks for a warm connection, to measure what keeping one per target saves.</summary>
    public bool Warm { get; private set; }

    public bool Help { get; private set; }

    /// <summary>Checks per second the load should produce: every website, by every validator, once per interval.</summary>
    public double ExpectedChecksPerSecond =>
        (double)Websites * (SimulatedValidators > 0 ? SimulatedValidators : Validators) / IntervalSeconds;

    public int EffectiveWarmupSeconds => WarmupSeconds >= 0 ? WarmupSeconds : Math.Max(15, 2 * IntervalSeconds);

    /// <summary>AGENT_MAX_CONCURRENT_CHECKS: the checks one agent has in flight at the expected rate, doubled.</summary>
    public int EffectiveAgentConcurrency
    {
        get
        {
            if (AgentConcurrency > 0)
            {
                return AgentConcurrency;
            }

            var perAgent = (double)Websites / IntervalSeconds;
            var secondsPerCheck = (SlowShare * SlowMs / 1000.0) + 0.05;
            return (int)Math.Clamp(Math.Ceiling(2 * perAgent * secondsPerCheck), 256, 20_000);
        }
    }

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        var websitesGiven = false;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value()
            {
                if (i + 1 >= args.Count)
                {
                    throw new FormatException($"{name} needs a value");
                }

                return args[++i];
            }

            switch (name)
            {
                case "--websites":
                    options.Websites = Integer(name, Value(), 0, 1_000_000);
                    websitesGiven = true;
                    break;
                case "--validators": options.Validators = Integer(name, Value(), 1, 64); break;
                case "--interval": options.IntervalSeconds = Integer(name, Value(), 10, 86_400); break;
                case "--warmup": options.WarmupSeconds = Integer(name, Value(), 0, 3_600); break;
                case "--duration": options.DurationSeconds = Integer(name, Value(), 5, 6 * 3_600); break;
                case "--silos":
                    options.Silos = Integer(name, Value(), 1, 3);
                    if (options.Silos == 2)
                    {
                        throw new FormatException("--silos must be 1 or 3");
                    }

                    break;
                case "--error-share": options.ErrorShare = Share(name, Value()); break;
                case "--slow-share": options.SlowShare = Share(name, Value()); break;
                case "--slow-ms": options.SlowMs = Integer(name, Value(), 1, 60_000); break;
                case "--farm-workers": options.FarmWorkers = Integer(name, Value(), 1, 16); break;
                case "--https": options.Https = true; break;
                case "--https-hosts": options.HttpsHosts = Integer(name, Value(), 1, 1000); break;
                case "--tls-handshakes": options.TlsHandshakeSeconds = Integer(name, Value(), 1, 600); break;
                case "--https-key":
                    options.HttpsRsa = Value() switch
                    {
                        "ecdsa" => false,
                        "rsa" => true,
                        var other => throw new FormatException($"--https-key must be ecdsa or rsa, got \"{other}\""),
                    };
                    break;
                case "--tls-protocol":
                    options.TlsProtocols = Value() switch
                    {
                        "any" => System.Security.Authentication.SslProtocols.None,
                        "1.2" => System.Security.Authentication.SslProtocols.Tls12,
                        "1.3" => System.Security.Authentication.SslProtocols.Tls13,
                        var other => throw new FormatException($"--tls-protocol must be any, 1.2 or 1.3, got \"{other}\""),
                    };
                    break;
                case "--tls-concurrency": options.TlsConcurrency = Integer(name, Value(), 1, 1024); break;
                case "--storm-share": options.StormShare = Share(name, Value()); break;
                case "--raw": options.RawSeconds = Integer(name, Value(), 1, 600); break;
                case "--raw-tool":
                    options.RawTool = Value();
                    if (options.RawTool is not ("auto" or "builtin" or "wrk"))
                    {
                        throw new FormatException($"--raw-tool must be auto, builtin or wrk, got \"{options.RawTool}\"");
                    }

                    break;
                case "--raw-concurrency": options.RawConcurrency = Integer(name, Value(), 1, 4096); break;
                case "--simulated-validators": options.SimulatedValidators = Integer(name, Value(), 1, 20_000); break;
                case "--heartbeat-interval": options.HeartbeatIntervalSeconds = Integer(name, Value(), 1, 3_600); break;
                case "--agent-concurrency": options.AgentConcurrency = Integer(name, Value(), 1, 100_000); break;
                case "--create-concurrency": options.CreateConcurrency = Integer(name, Value(), 1, 256); break;
                case "--pg-durable": options.PostgresDurable = Boolean(name, Value()); break;
                case "--pg-stat-statements": options.PostgresStatements = true; break;
                case "--json": options.JsonPath = Value(); break;
                case "--keep-tick-logs": options.KeepTickLogs = true; break;
                case "--signed-ticks": options.SignedTicks = true; break;
                case "--keyword": options.Keyword = Value(); break;
                case "--warm": options.Warm = true; break;
                case "--help" or "-h": options.Help = true; break;
                default: throw new FormatException($"unknown option \"{name}\" (see --help)");
            }
        }

        if (options.SimulatedValidators > 0 && !websitesGiven)
        {
            // Simulated validators only connect and heartbeat unless websites are asked for.
            options.Websites = 0;
        }

        if (options.TlsHandshakeSeconds > 0)
        {
            options.Https = true;
            options.Websites = 0;
            options.StormShare = 0;
            return options;
        }

        if (options.Https && options.RawSeconds > 0)
        {
            throw new FormatException("--raw measures the plain-HTTP farm; leave it out with --https");
        }

        if (options.ErrorShare + options.SlowShare > 1)
        {
            throw new FormatException("--error-share plus --slow-share must not exceed 1");
        }

        if (options.Websites == 0 && options.RawSeconds == 0 && options.SimulatedValidators == 0)
        {
            throw new FormatException("--websites 0 only makes sense with --raw or --simulated-validators");
        }

        return options;
    }

    private static int Integer(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FormatException($"{name} must be an integer between {min} and {max}, got \"{text}\"");

    private static double Share(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1
            ? value
            : throw new FormatException($"{name} must be a number between 0 and 1, got \"{text}\"");

    private static bool Boolean(string name, string text) => text.ToLowerInvariant() switch
    {
        "true" or "yes" or "on" or "1" => true,
        "false" or "no" or "off" or "0" => false,
        _ => throw new FormatException($"{name} must be true or false, got \"{text}\""),
    };
}
