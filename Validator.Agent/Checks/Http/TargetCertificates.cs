using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Uptime.Agent.Configuration;
using Uptime.Agent.Hub;
using Uptime.Protocol.Checks;

namespace Uptime.Agent.Checks.Http;

/// <summary>
/// Judges a target's TLS certificate: trusted by the system store or by the CAs of AGENT_CA_FILE
/// (<see cref="AgentOptions.TrustedCertificates"/>), within its validity dates, issued for the checked name. Revocation is
/// not checked (no CRL or OCSP fetch). The reasons are meant for the tick's error, so they say what is wrong.
/// </summary>
internal sealed class TargetCertificates(AgentOptions options, TimeProvider time)
{
    /// <summary>Null when <paramref name="certificate"/> is valid for <paramref name="host"/>; otherwise why not.</summary>
    public string? ProblemOf(string host, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return null;
        }

        if (certificate is not X509Certificate2 leaf)
        {
            return "TLS: the server sent no certificate";
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (leaf.NotAfter.ToUniversalTime() < now)
        {
            return $"TLS certificate expired at {leaf.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC";
        }

        if (leaf.NotBefore.ToUniversalTime() > now)
        {
            return $"TLS certificate not yet valid: valid from {leaf.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC";
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            var names = NamesOf(leaf);
            return $"TLS certificate name mismatch: {host} is not among its names ({(names.Count > 0 ? string.Join(", ", names) : leaf.Subject)})";
        }

        if (options.TrustedCertificates.Count > 0 && HubCertificateValidation.IsTrusted(leaf, chain, errors, options.TrustedCertificates))
        {
            return null;
        }

        var statuses = chain?.ChainStatus.Select(status => status.StatusInformation.Trim().TrimEnd('.')).Where(text => text.Length > 0).Distinct();
        var detail = statuses is null ? "" : string.Join("; ", statuses);
        return $"TLS certificate not trusted: unknown CA or untrusted chain (issuer {leaf.Issuer}{(detail.Length > 0 ? $": {detail}" : "")})";
    }

    public static CertificateFacts FactsOf(X509Certificate2 leaf) => new(
        leaf.NotAfter.ToUniversalTime(),
        Capped(leaf.Subject),
        Capped(leaf.Issuer),
        [.. NamesOf(leaf).Take(CertificateFacts.MaxNames).Select(Capped)]);

    private static List<string> NamesOf(X509Certificate2 leaf) =>
        leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault() is { } names
            ? [.. names.EnumerateDnsNames()]
            : [];

    private static string Capped(string text) => text.Length <= CertificateFacts.MaxTextLength ? text : text[..CertificateFacts.MaxTextLength];
}
