using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Npgsql;
using Uptime.Security;
using Xunit.Sdk;

namespace Uptime.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real hub (<c>dotnet Uptime.Hub.Silo.dll</c>) as a child process on 127.0.0.1, with free ports, its own
/// cluster id and its own database; ready once <c>GET /api/websites</c> answers. A hub started with a TLS
/// <see cref="Certificate"/> is spoken to over https and wss, trusting exactly that certificate.
/// </summary>
internal sealed class HubProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private HubProcess(ChildProcess process, int port, string connectionString, X509Certificate2? certificate)
    {
        Process = process;
        Port = port;
        Certificate = certificate;
        Database = new HubDatabase(connectionString);
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, presented, _, _) => IsTrusted(presented) };
        Http = AdminClient(new Uri($"{(certificate is null ? "http" : "https")}://127.0.0.1:{port}/"), TimeSpan.FromSeconds(30), handler);
    }

    /// <summary>The admin API key every test hub accepts (<see cref="AccessSettings"/>); <see cref="Http"/> sends it.</summary>
    public const string AdminKey = "e2e-admin-key-3f9c2a7d";

    /// <summary>
    /// Access settings of every test hub: <see cref="AdminKey"/> configured, so the hub's real (non-Development) rules
    /// apply, and no write rate limit, since tests create many websites.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> AccessSettings { get; } = new Dictionary<string, string?>
    {
        ["HUB_ADMIN_KEY_HASHES"] = SecretHash.Sha256Hex(AdminKey),
        ["HUB_API_WRITES_PER_MINUTE"] = "0",
    };

    public ChildProcess Process { get; }

    public int Port { get; }

    public HttpClient Http { get; }

    public HubDatabase Database { get; }

    /// <summary>The certificate the hub serves TLS with (HUB_TLS_CERT_FILE), or null for plain http and ws.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>The gateway as the spec names it: <c>ws://host:HUB_PORT/</c> (<c>wss://</c> with TLS).</summary>
    public Uri WebSocketAddress => new($"{(Certificate is null ? "ws" : "wss")}://127.0.0.1:{Port}/");

    /// <summary>The hub's recent output, for failure messages.</summary>
    public string Diagnostics => Process.Describe();

    /// <summary>
    /// Starts a hub on the database of <paramref name="connectionString"/>; <paramref name="overrides"/> add or
    /// replace environment variables (null removes one); with <paramref name="certificate"/> (whose files the
    /// overrides name) the hub is reached over TLS.
    /// </summary>
    public static async Task<HubProcess> StartAsync(
        string connectionString, IReadOnlyDictionary<string, string?>? overrides = null, X509Certificate2? certificate = null)
    {
        const int Attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var environment = Environment(ToDatabaseUrl(connectionString), port);
            foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            {
                environment[key] = value;
            }

            var hub = new HubProcess(ChildProcess.Start("hub", RepositoryLayout.HubDll, environment), port, connectionString, certificate);
            if (await hub.WaitUntilReadyAsync())
            {
                return hub;
            }

            var diagnostics = hub.Diagnostics;
            await hub.DisposeAsync();
            var portTaken = diagnostics.Contains("address already in use", StringComparison.OrdinalIgnoreCase);
            if (!portTaken || attempt == Attempts)
            {
                throw new XunitException($"The hub did not answer GET /api/websites within {StartTimeout.TotalSeconds:0} s{diagnostics}");
            }
        }
    }

    /// <summary>
    /// The environment of a hub on free ports of 127.0.0.1 with a cluster id of its own and <see cref="AccessSettings"/>.
    /// Validators register unauthenticated (<c>VALIDATOR_AUTH=none</c>) unless a test overrides it: the security tests do.
    /// </summary>
    public static Dictionary<string, string?> Environment(string databaseUrl, int port) => new(AccessSettings)
    {
        ["DATABASE_URL"] = databaseUrl,
        ["HUB_LISTEN_IP"] = "127.0.0.1",
        ["HUB_PORT"] = port.ToString(CultureInfo.InvariantCulture),
        ["HUB_SILO_PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        ["HUB_GATEWAY_PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        ["HUB_CLUSTER_ID"] = "e2e-" + Guid.NewGuid().ToString("N")[..12],
        // The test targets listen on 127.0.0.1, which the SSRF rule refuses by default.
        ["ALLOW_PRIVATE_TARGETS"] = "true",
        ["VALIDATOR_AUTH"] = "none",
    };

    /// <summary>An HTTP client that sends <c>Authorization: Bearer <see cref="AdminKey"/></c> with every request.</summary>
    public static HttpClient AdminClient(Uri baseAddress, TimeSpan timeout, HttpMessageHandler? handler = null)
    {
        var client = new HttpClient(handler ?? new HttpClientHandler()) { BaseAddress = baseAddress, Timeout = timeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    /// <summary>The spec's URL form of a connection string: <c>postgresql://user@host:port/database</c>.</summary>
    public static string ToDatabaseUrl(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return string.Create(CultureInfo.InvariantCulture, $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}");
    }

    /// <summary>POSTs a website and returns its JSON (failing with the hub's answer when it is not 201).</summary>
    public async Task<JsonElement> CreateWebsiteAsync(string url, int interval)
    {
        using var response = await Http.PostAsJsonAsync("api/websites", new { url, interval });
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new XunitException($"POST /api/websites {url} answered {(int)response.StatusCode}: {body}{Diagnostics}");
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>The live status of a website, as <c>GET /api/websites/{id}</c> gives it.</summary>
    public async Task<string?> WebsiteStatusAsync(Guid websiteId)
    {
        using var response = await Http.GetAsync($"api/websites/{websiteId}");
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return json.RootElement.GetProperty("status").GetString();
    }

    /// <summary>Waits until the validators row of <paramref name="publicKey"/> says online.</summary>
    public Task<StoredValidator?> WaitForOnlineAsync(string publicKey, TimeSpan timeout, Func<string>? moreDiagnostics = null) =>
        Eventually.UntilAsync(
            () => Database.ValidatorAsync(publicKey),
            validator => validator is { Online: true },
            timeout,
            last => $"validator {publicKey} is not online in the validators table (row: {last?.ToString() ?? "none"}){moreDiagnostics?.Invoke()}{Diagnostics}");

    /// <summary>True when <paramref name="presented"/> is this hub's own <see cref="Certificate"/> (compared by SHA-256 thumbprint).</summary>
    public bool IsTrusted(X509Certificate? presented) =>
        Certificate is not null && presented is not null
        && presented.GetCertHashString(HashAlgorithmName.SHA256) == Certificate.GetCertHashString(HashAlgorithmName.SHA256);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Database.DisposeAsync();
        await Process.DisposeAsync();
    }

    private async Task<bool> WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && !Process.HasExited)
        {
            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                using var response = await Http.GetAsync("api/websites", attempt.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(Eventually.Period);
        }

        return false;
    }
}
