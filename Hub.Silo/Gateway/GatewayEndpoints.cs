namespace Uptime.Hub.Gateway;

/// <summary>Serves the validator WebSocket at <c>/</c> (as the spec says) and at <c>/ws</c>.</summary>
public static class GatewayEndpoints
{
    public static IApplicationBuilder UseValidatorGateway(this WebApplication app)
    {
        var local = app.Services.GetRequiredService<LocalConnections>();
        app.Lifetime.ApplicationStopping.Register(local.Drain);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        return app.Use(async (context, next) =>
        {
            if (context.WebSockets.IsWebSocketRequest && context.Request.Path.Value is "/" or "/ws")
            {
                if (context.RequestServices.GetRequiredService<LocalConnections>().Draining)
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
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { DangerousEnableCompression = false });
        var services = context.RequestServices.GetRequiredService<GatewayServices>();
        var address = context.Connection.RemoteIpAddress;
        var remoteIp = (address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address)?.ToString() ?? "unknown";
        var connection = new ValidatorConnection(socket, remoteIp, services);
        await connection.RunAsync(context.RequestAborted);
    }
}
