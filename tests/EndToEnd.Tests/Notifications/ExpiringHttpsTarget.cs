using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Uptime.EndToEnd.Tests.Notifications;

/// <summary>
/// An HTTPS website on 127.0.0.1 answering 200, whose certificate (for 127.0.0.1 and localhost) a private CA made by the
/// test issued, expiring <c>validFor</c> from now; the CA is written as PEM for the agent's AGENT_CA_FILE.
/// </summary>
internal sealed class ExpiringHttpsTarget : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ExpiringHttpsTarget(WebApplication app, X509Certificate2 certificate, string authorityFile)
    {
        _app = app;
        Certificate = certificate;
        AuthorityFile = authorityFile;
    }

    /// <summary>The server certificate it presents.</summary>
    public X509Certificate2 Certificate { get; }

    public string AuthorityFile { get; }

    public string Url => new Uri(_app.Urls.First()).GetLeftPart(UriPartial.Authority) + "/";

    public static async Task<ExpiringHttpsTarget> StartAsync(TimeSpan validFor)
    {
        var now = DateTimeOffset.UtcNow;
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=Uptime E2E Expiry CA", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        using var authority = authorityRequest.CreateSelfSigned(now.AddDays(-30), now.AddDays(365));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        // Whole seconds: the expiry a certificate can state.
        var notAfter = DateTimeOffset.FromUnixTimeSeconds((now + validFor).ToUnixTimeSeconds());
        using var issued = serverRequest.Create(authority, now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(serverKey);
        var certificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);

        var authorityFile = Path.Combine(Path.GetTempPath(), $"uptime-e2e-expiry-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(authorityFile, authority.ExportCertificatePem());

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        app.MapGet("/", () => Results.Text("ok"));
        await app.StartAsync();
        return new ExpiringHttpsTarget(app, certificate, authorityFile);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificate.Dispose();
        File.Delete(AuthorityFile);
    }
}
