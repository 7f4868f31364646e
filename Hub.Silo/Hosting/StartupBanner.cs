namespace Uptime.Hub.Hosting;

/// <summary>The spec's start lines, logged once Kestrel and the silo are up.</summary>
public static partial class StartupBanner
{
    public static void LogWhenStarted(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Uptime.Hub");
        var hub = app.Services.GetRequiredService<HubOptions>();
        var certificate = app.Services.GetRequiredService<TlsOptions>().Certificate;
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            LogStarted(logger, hub.HttpPort);
            LogEndpoint(logger, certificate is null ? "ws" : "wss", hub.HttpPort);
            if (certificate is not null)
            {
                LogTls(logger, hub.HttpPort, certificate.Subject, certificate.NotAfter.ToUniversalTime());
            }
        });
    }

    [LoggerMessage(4101, LogLevel.Information, "🚀 Uptime Hub started on port {Port}")]
    private static partial void LogStarted(ILogger logger, int port);

    [LoggerMessage(4102, LogLevel.Information, "📡 WebSocket endpoint: {Scheme}://localhost:{Port}")]
    private static partial void LogEndpoint(ILogger logger, string scheme, int port);

    [LoggerMessage(4103, LogLevel.Information, "🔒 TLS on port {Port}: https:// and wss:// with certificate {Subject}, valid until {NotAfter:u}")]
    private static partial void LogTls(ILogger logger, int port, string subject, DateTime notAfter);
}
