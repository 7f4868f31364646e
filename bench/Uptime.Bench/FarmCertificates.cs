using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Uptime.Bench;

/// <summary>
/// The HTTPS farm's local CA and its server certificate (for localhost, 127.0.0.1 and every <c>*.farm.test</c> name; a
/// P-256 key, or RSA 2048 with <c>--https-key rsa</c>), made at start with <see cref="CertificateRequest"/> and written as PEM into the farm's directory.
/// </summary>
internal sealed class FarmCertificates
{
    /// <summary>The parent domain of the names the handshake harness connects to (SNI only: they need not resolve).</summary>
    public const string Domain = "farm.test";

    private FarmCertificates(string authorityPem, string certificatePem, string keyPem, X509Certificate2 authority)
    {
        AuthorityPem = authorityPem;
        CertificatePem = certificatePem;
        KeyPem = keyPem;
        Authority = authority;
    }

    /// <summary>Path of the CA certificate (what the agents get as AGENT_CA_FILE).</summary>
    public string AuthorityPem { get; }

    public string CertificatePem { get; }

    public string KeyPem { get; }

    public X509Certificate2 Authority { get; }

    public static FarmCertificates Create(string directory, bool rsa)
    {
        var now = DateTimeOffset.UtcNow;
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=Uptime bench farm CA", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        var authority = authorityRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));

        using AsymmetricAlgorithm serverKey = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = serverKey is RSA rsaKey
            ? new CertificateRequest("CN=localhost", rsaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest("CN=localhost", (ECDsa)serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddDnsName("*." + Domain);
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        using var server = serverRequest.Create(
            authority.SubjectName, X509SignatureGenerator.CreateForECDsa(authorityKey), now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(8));

        var authorityPem = Path.Combine(directory, "ca.pem");
        var certificatePem = Path.Combine(directory, "server.pem");
        var keyPem = Path.Combine(directory, "server.key");
        File.WriteAllText(authorityPem, authority.ExportCertificatePem());
        File.WriteAllText(certificatePem, server.ExportCertificatePem());
        File.WriteAllText(keyPem, serverKey.ExportPkcs8PrivateKeyPem());
        return new FarmCertificates(authorityPem, certificatePem, keyPem, X509CertificateLoader.LoadCertificate(authority.RawData));
    }
}
