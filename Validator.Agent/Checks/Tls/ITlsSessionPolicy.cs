using System.Net.Security;

namespace Uptime.Agent.Checks.Tls;

/// <summary>
/// Decides, per target host, whether a check's TLS handshake may resume a cached session, and tells whether one did. A
/// full handshake (with full certificate validation and certificate facts) must still happen regularly per host.
/// </summary>
internal interface ITlsSessionPolicy
{
    /// <summary>Whether the next handshake with <paramref name="host"/> may resume; false: a full handshake is due.</summary>
    bool MayResume(string host);

    /// <summary>Whether the handshake just completed on <paramref name="stream"/> resumed a session; null when it cannot be known.</summary>
    bool? WasResumed(SslStream stream);

    /// <summary>Records a completed handshake with <paramref name="host"/>.</summary>
    void HandshakeDone(string host, bool resumed);
}
