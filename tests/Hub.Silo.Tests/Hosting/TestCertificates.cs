using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Uptime.Hub.Tests.Hosting;

/// <summary>A self-signed certificate written to a temporary directory as PEM (certificate, key, encrypted key) and PFX.</summary>
internal sealed class TestCertificates : IDisposable
{
    public const string Password = "correct horse";

    public TestCertificates()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("uptime-tls-").FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=uptime-test", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        Thumbprint = certificate.Thumbprint;
        File.WriteAllText(CertificatePem, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPem, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(EncryptedKeyPem, key.ExportEncryptedPkcs8PrivateKeyPem(
            Password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000)));
        File.WriteAllText(CombinedPem, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(Pfx, certificate.Export(X509ContentType.Pkcs12, Password));
    }

    public string Directory { get; }

    public string Thumbprint { get; }

    public string CertificatePem => Path.Combine(Directory, "cert.pem");

    public string KeyPem => Path.Combine(Directory, "key.pem");

    public string EncryptedKeyPem => Path.Combine(Directory, "key.encrypted.pem");

    public string CombinedPem => Path.Combine(Directory, "combined.pem");

    public string Pfx => Path.Combine(Directory, "cert.pfx");

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
