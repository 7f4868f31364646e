using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Uptime.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A local HTTPS website (Kestrel on 127.0.0.1, keep-alive as Kestrel does by default): any path answers 200 "ok" over a
/// certificate for localhost and 127.0.0.1, expiring when the test says, issued by a CA made here, whose PEM
/// <see cref="CaFile"/> an agent gets as AGENT_CA_FILE.
/// </summary>
internal sealed class HttpsTargetSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly int _port;

    private HttpsTargetSite(WebApplication app, int port, X509Certificate2 certificate, string caFile)
    {
        _app = app;
        _port = port;
        Certificate = certificate;
        CaFile = caFile;
    }

    /// <summary>The server certificate it presents.</summary>
    public X509Certificate2 Certificate { get; }

    public string CaFile { get; }

    /// <summary>Starts the site with a certificate that expires <paramref name="certificateValidFor"/> from now (in whole seconds).</summary>
    public static async Task<HttpsTargetSite> StartAsync(TimeSpan certificateValidFor)
    {
        var (authority, server) = Certificates(certificateValidFor);
        var caFile = Path.Combine(Path.GetTempPath(), $"uptime-e2e-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(caFile, authority.ExportCertificatePem());
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(server)));
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/{**path}", () => Results.Text("ok\n"));
        await app.StartAsync();
        return new HttpsTargetSite(app, port, server, caFile);
    }

    /// <summary>The URL of <paramref name="path"/> by the name on the certificate, unique to one website.</summary>
    public string Url(string path) => string.Create(CultureInfo.InvariantCulture, $"https://localhost:{_port}{path}?site={Guid.NewGuid():N}");

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Certificate.Dispose();
        File.Delete(CaFile);
    }

    private static (X509Certificate2 Authority, X509Certificate2 Server) Certificates(TimeSpan validFor)
    {
        var now = DateTimeOffset.UtcNow;
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=Uptime E2E CA", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        using var authority = authorityRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(365));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var notAfter = DateTimeOffset.FromUnixTimeSeconds((now + validFor).ToUnixTimeSeconds()); // what a certificate can state
        using var issued = serverRequest.Create(authority, now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(serverKey);
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return (X509CertificateLoader.LoadCertificate(authority.RawData), server);
    }
}
