using System.Collections.Concurrent;
using System.Net.Security;
using Uptime.Agent.Configuration;

namespace Uptime.Agent.Checks.Tls;

/// <summary>
/// Lets handshakes resume the session .NET caches per host name (OpenSSL's client cache; an IP address as host never
/// resumes), except that a full handshake is due for a host when none happened in the last
/// <see cref="AgentOptions.TlsFullHandshakeInterval"/> (zero: always due, i.e. never resume).
/// </summary>
/// <remarks>
/// On a resumed session .NET still calls the certificate validation callback and still has
/// <see cref="SslStream.RemoteCertificate"/>: both are the certificate of the full handshake that made the session,
/// validated again now (chain, dates, name); what a resumed handshake does not prove is that the server still holds
/// that certificate. So certificate facts come only from full handshakes, and a host whose certificate changed is seen
/// at its next full one, within the interval. A host whose full handshake is older than the interval is forgotten when
/// next asked about (forgotten and stale mean the same: due); the map holds one entry per host checked since.
/// </remarks>
internal sealed class ResumingTlsSessions(AgentOptions options, TimeProvider time) : ITlsSessionPolicy
{
    private readonly ConcurrentDictionary<string, long> _lastFullHandshake = new(StringComparer.OrdinalIgnoreCase);

    // Once a handshake could not be told resumed or full, none may resume: a resumed one taken for full would put the
    // next full handshake off for another interval, again and again.
    private volatile bool _blind;

    public bool MayResume(string host)
    {
        if (_blind || options.TlsFullHandshakeInterval <= TimeSpan.Zero || !_lastFullHandshake.TryGetValue(host, out var last))
        {
            return false;
        }

        if (time.GetElapsedTime(last) < options.TlsFullHandshakeInterval)
        {
            return true;
        }

        _lastFullHandshake.TryRemove(new KeyValuePair<string, long>(host, last));
        return false;
    }

    public bool? WasResumed(SslStream stream)
    {
        var resumed = TlsSessionReuse.WasResumed(stream);
        _blind |= resumed is null;
        return resumed;
    }

    public void HandshakeDone(string host, bool resumed)
    {
        if (!resumed && options.TlsFullHandshakeInterval > TimeSpan.Zero)
        {
            _lastFullHandshake[host] = time.GetTimestamp();
        }
    }
}
