using Uptime.Protocol;
using Uptime.Security;

namespace Uptime.Hub.Validators;

/// <summary>Serves the validator WebSocket at <c>/</c> (as the spec says) and at <c>/ws</c>.</summary>
public static partial class ValidatorSocketEndpoint
{
    public static IApplicationBuilder UseValidatorSockets(this WebApplication app)
    {
        var local = app.Services.GetRequiredService<LocalValidators>();
        app.Lifetime.ApplicationStopping.Register(local.Drain);
        var options = app.Services.GetRequiredService<ValidatorSecurityOptions>();
        if (options.Auth == ValidatorAuthMode.None)
        {
            LogNoValidatorAuth(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ValidatorSocketEndpoint).FullName!));
        }

        var keepAlive = WebSocketKeepAlive.IntervalFor(options.SilenceTimeout);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = keepAlive, KeepAliveTimeout = keepAlive });
        return app.Use(async (context, next) =>
        {
            if (context.WebSockets.IsWebSocketRequest && context.Request.Path.Value is "/" or "/ws")
            {
                if (context.RequestServices.GetRequiredService<LocalValidators>().Draining)
                {
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    return;
                }

                await AcceptAsync(context);
                return;
            }

            await next(context);
        });
    }

    private static async Task AcceptAsync(HttpContext context)
    {
        var services = context.RequestServices.GetRequiredService<ConnectionServices>();
        var address = context.Connection.RemoteIpAddress;
        var remoteIp = (address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address)?.ToString() ?? "unknown";
        using var slot = services.Limits.OpenConnection(remoteIp);
        if (!slot.IsAcquired)
        {
            services.Counters.ValidatorRefused(RefusalReasons.ConnectionsPerIp);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(
                $"Too many validator connections from {remoteIp}: at most {services.Options.MaxConnectionsPerIp} "
                + "open WebSocket connections per IP address (HUB_MAX_CONNECTIONS_PER_IP)\n");
            return;
        }

        var gateway = services.Options;
        string? authorization = context.Request.Headers.Authorization;
        var registration = new RegistrationCheck(gateway, RegistrationCheck.BearerTokenProblem(gateway, authorization), Nonce.Create());
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { DangerousEnableCompression = false });
        var connection = new ValidatorConnection(socket, remoteIp, registration, services);
        await connection.RunAsync(context.RequestAborted);
    }

    [LoggerMessage(3008, LogLevel.Warning, "⚠️ VALIDATOR_AUTH=none: any client can register as any address")]
    private static partial void LogNoValidatorAuth(ILogger logger);
}
