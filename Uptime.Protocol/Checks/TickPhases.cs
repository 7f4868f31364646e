namespace Uptime.Protocol.Checks;

/// <summary>
/// Where a check's time went, in milliseconds (the TICK_RESULT extension <c>phases</c>): name resolution, TCP connect, TLS
/// handshake, from the request's first byte sent to the response's first byte, and reading the rest. A phase that did not
/// happen (no TLS on http://, a connection that never opened) is null. Over redirects: the sum over hops.
/// </summary>
public sealed record TickPhases(double? Dns, double? Connect, double? Tls, double? FirstByte, double? Transfer)
{
    public const double MaxMs = 3_600_000;
}

/// <summary>
/// The leaf certificate a check saw (the TICK_RESULT extension <c>certificate</c>), sent after a full handshake whose chain
/// was validated; a resumed session sends none.
/// </summary>
public sealed record CertificateFacts(DateTime ExpiresAt, string Subject, string Issuer, IReadOnlyList<string> Names)
{
    public const int MaxTextLength = 1024;
    public const int MaxNames = 100;
}
