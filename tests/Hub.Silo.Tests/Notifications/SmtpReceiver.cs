using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Uptime.Hub.Tests.Notifications;

/// <summary>
/// A real SMTP server in the test process (the SmtpServer package) on 127.0.0.1, with a self-signed certificate for
/// STARTTLS, one user, and every message it accepts kept parsed (MimeKit) with its envelope.
/// </summary>
internal sealed class SmtpReceiver : IDisposable
{
    public const string User = "uptime";
    public const string Password = "s3cret-smtp-password";

    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ReceivedMail> _mails = new();
    private readonly Task _running;

    /// <param name="allowAuthWithoutTls">Whether AUTH is taken before STARTTLS.</param>
    /// <param name="implicitTls">TLS from the first byte (port 465 style) instead of STARTTLS.</param>
    public SmtpReceiver(bool allowAuthWithoutTls, bool implicitTls = false)
    {
        Certificate = SelfSignedCertificate();
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint
                .Endpoint(new IPEndPoint(IPAddress.Loopback, Port))
                .Certificate(Certificate)
                .IsSecure(implicitTls)
                .AuthenticationRequired(true)
                .AllowUnsecureAuthentication(allowAuthWithoutTls))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new DelegatingUserAuthenticator((user, password) => user == User && password == Password));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    public X509Certificate2 Certificate { get; }

    public IReadOnlyList<ReceivedMail> Mails => [.. _mails];

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _running.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OperationCanceledException))
        {
        }
        _stop.Dispose();
        Certificate.Dispose();
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // An ephemeral key cannot serve TLS on Linux; a round trip through PKCS#12 gives it a usable one.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store(SmtpReceiver receiver) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            receiver._mails.Enqueue(new ReceivedMail(
                message,
                $"{transaction.From.User}@{transaction.From.Host}",
                [.. transaction.To.Select(t => $"{t.User}@{t.Host}")],
                context.Authentication.User,
                context.Pipe.IsSecure));
            return SmtpResponse.Ok;
        }
    }
}

internal sealed record ReceivedMail(MimeMessage Message, string EnvelopeFrom, IReadOnlyList<string> EnvelopeTo, string? User, bool OverTls);
