using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Uptime.EndToEnd.Tests.Security;

/// <summary>A self-signed certificate for 127.0.0.1 and localhost, written as PEM certificate and key files to a temporary directory.</summary>
internal sealed class SelfSignedCertificate : IDisposable
{
    public SelfSignedCertificate()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("uptime-e2e-tls-").FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=uptime-e2e", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var withKey = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(CertificateFile, withKey.ExportCertificatePem());
        File.WriteAllText(KeyFile, key.ExportPkcs8PrivateKeyPem());
        Certificate = X509CertificateLoader.LoadCertificate(withKey.RawData);
    }

    public string Directory { get; }

    /// <summary>The public certificate, as the hub presents it.</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificateFile => Path.Combine(Directory, "hub.crt.pem");

    public string KeyFile => Path.Combine(Directory, "hub.key.pem");

    public void Dispose()
    {
        Certificate.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
