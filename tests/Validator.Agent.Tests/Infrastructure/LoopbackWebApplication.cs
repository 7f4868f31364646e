using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Uptime.Agent.Tests.Infrastructure;

/// <summary>Starts a real Kestrel server on 127.0.0.1 with a port chosen by the OS, over TLS when given a certificate.</summary>
internal static class LoopbackWebApplication
{
    public static Task<(WebApplication App, Uri Address)> StartAsync(Action<WebApplication> configure) => StartAsync(null, configure);

    public static async Task<(WebApplication App, Uri Address)> StartAsync(X509Certificate2? certificate, Action<WebApplication> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (certificate is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        }

        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        configure(app);
        await app.StartAsync();
        return (app, new Uri(app.Urls.Single()));
    }
}
