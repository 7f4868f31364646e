using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Uptime.Agent.Hub;

/// <summary>
/// Validates the hub's TLS certificate against the system store and, failing that, against the CA certificates of
/// AGENT_CA_FILE. The host name must match either way: only an untrusted chain can be rescued by the extra CAs.
/// </summary>
internal static class HubCertificateValidation
{
    private static readonly Oid _serverAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    public static RemoteCertificateValidationCallback Create(X509Certificate2Collection trustedCertificates) =>
        (_, certificate, chain, errors) => IsTrusted(certificate, chain, errors, trustedCertificates);

    public static bool IsTrusted(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, X509Certificate2Collection trustedCertificates)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is not X509Certificate2 leaf)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedCertificates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(_serverAuthentication);
        if (presented is not null)
        {
            // The intermediates the hub sent with its certificate.
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
        }

        try
        {
            return chain.Build(leaf);
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }
        }
    }
}
