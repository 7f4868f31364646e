using Uptime.Hub.Configuration;

namespace Uptime.Hub.Hosting;

/// <summary>The spec's start lines, logged once Kestrel and the silo are up.</summary>
public static partial class StartupBanner
{
    public static void LogWhenStarted(this WebApplication app, HubOptions hub)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Uptime.Hub");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            LogStarted(logger, hub.HttpPort);
            LogEndpoint(logger, hub.HttpPort);
        });
    }

    [LoggerMessage(4101, LogLevel.Information, "🚀 Uptime Hub started on port {Port}")]
    private static partial void LogStarted(ILogger logger, int port);

    [LoggerMessage(4102, LogLevel.Information, "📡 WebSocket endpoint: ws://localhost:{Port}")]
    private static partial void LogEndpoint(ILogger logger, int port);
}
