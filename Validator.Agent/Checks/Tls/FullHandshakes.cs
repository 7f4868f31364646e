using System.Net.Security;

namespace Uptime.Agent.Checks.Tls;

/// <summary>The naive policy: every handshake is a full one (resumption not allowed), so none is resumed.</summary>
internal sealed class FullHandshakes : ITlsSessionPolicy
{
    public bool MayResume(string host) => false;

    public bool? WasResumed(SslStream stream) => false;

    public void HandshakeDone(string host, bool resumed)
    {
    }
}
