using System.Text;
using Uptime.Protocol.Checks;
using Uptime.Security;

namespace Uptime.Agent.Checks.Http;

/// <summary>
/// The request of one hop of a check, and what its connection saw (filled in by <see cref="ProbeConnector"/>, which finds
/// it as the connection's initial request: each hop opens its own connection, which serves that hop first). An https://
/// target is sent as http:// with the target's Host, over the TLS stream the connector set up itself (so it can time the
/// handshake, see the certificate and decide on resumption).
/// </summary>
internal sealed class ProbeRequest : HttpRequestMessage
{
    public ProbeRequest(HttpMethod method, Uri target)
        : base(method, target.Scheme == Uri.UriSchemeHttps ? OverTlsStream(target) : target)
    {
        if (target.Scheme == Uri.UriSchemeHttps)
        {
            TlsHost = target.HostNameType == UriHostNameType.IPv6 ? target.DnsSafeHost : target.IdnHost;
            Headers.Host = target.IsDefaultPort ? target.IdnHost : $"{target.IdnHost}:{target.Port}";
        }
    }

    public const string UserAgent = "Uptime-Validator/1.0";

    /// <summary>Credentials and the Host a definition sets go only to the first hop's origin (scheme, host and port).</summary>
    private static readonly string[] _originBoundHeaders = ["Authorization", "Proxy-Authorization", "Cookie", "Host"];

    /// <summary>The name the TLS handshake validates the certificate against; null for http://.</summary>
    public string? TlsHost { get; }

    public DialTrace Dial { get; } = new();

    /// <summary>
    /// The target ("scheme://host:port") whose warm connection this hop goes over, kept open after the response; null: a
    /// fresh connection, closed after the response.
    /// </summary>
    public string? WarmTarget { get; private init; }

    /// <summary>Whether a connection was opened for this hop (false: it went over a warm connection already open).</summary>
    public bool OpenedConnection { get; set; }

    /// <summary>The <see cref="System.Diagnostics.Stopwatch"/> timestamp at which the connection was ready for the request (after TLS); 0 when it never was.</summary>
    public long ConnectedAt => TlsHost is null ? Dial.ConnectedAt : TlsDoneAt;

    public long TlsDoneAt { get; set; }

    public TimeSpan? Tls { get; set; }

    public bool? TlsResumed { get; set; }

    public CertificateFacts? Certificate { get; set; }

    /// <summary>Why the target's certificate was refused, when it was.</summary>
    public string? CertificateProblem { get; set; }

    /// <summary>
    /// The request of a hop: <paramref name="method"/>, our User-Agent unless <paramref name="headers"/> has one, then the
    /// headers in order, and <paramref name="body"/> (UTF-8, with the Content-Type of the headers when they have one). A
    /// header .NET refuses is left out; the connection is closed after the response unless <paramref name="warmTarget"/> is set.
    /// </summary>
    public static ProbeRequest Create(
        Uri target, HttpMethod method, string? body, IReadOnlyList<KeyValuePair<string, string>> headers, bool sameOrigin, string? warmTarget = null)
    {
        var request = new ProbeRequest(method, target) { WarmTarget = warmTarget };
        if (warmTarget is null)
        {
            request.Headers.ConnectionClose = true;
        }

        if (!headers.Any(header => header.Key.Equals("User-Agent", StringComparison.OrdinalIgnoreCase)))
        {
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        }

        foreach (var (name, value) in headers)
        {
            if (!sameOrigin && _originBoundHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Host = value;
            }
            else if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    /// <summary>The key of <paramref name="target"/>'s warm connection: scheme, host and port.</summary>
    public static string WarmTargetOf(Uri target) => $"{target.Scheme}://{target.IdnHost}:{target.Port}";

    private static Uri OverTlsStream(Uri target) => new UriBuilder(target) { Scheme = Uri.UriSchemeHttp, Port = target.Port }.Uri;
}
