using Microsoft.Extensions.DependencyInjection.Extensions;
using Uptime.Hub.Notifications.Channels;
using Uptime.Hub.Websites;
using Uptime.Security;

namespace Uptime.Hub.Notifications;

public static class NotificationChannelsHosting
{
    /// <summary>
    /// The eight channel types, their registry, the templates, and the <c>"notifications"</c> HTTP client: 10 s per
    /// request, no redirects followed (a receiver's URL passes the SSRF rule; where it redirects to would not), and no
    /// request logging (the client would log each URL, and a webhook's or a bot's URL is its secret).
    /// </summary>
    public static IServiceCollection AddNotificationChannels(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(HttpDelivery.ClientName, client =>
            {
                client.Timeout = HttpDelivery.Timeout;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Uptime-Hub/1");
            })
            .ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectCallback = TargetDialer.For(services.GetRequiredService<WebsiteTargetsOptions>().AllowPrivateTargets).ConnectAsync,
            })
            .RemoveAllLoggers();
        services.AddSingleton<INotificationChannel, WebhookChannel>();
        services.AddSingleton<INotificationChannel, SlackChannel>();
        services.AddSingleton<INotificationChannel, DiscordChannel>();
        services.AddSingleton<INotificationChannel, TeamsChannel>();
        services.AddSingleton<INotificationChannel, TelegramChannel>();
        services.AddSingleton<INotificationChannel, NtfyChannel>();
        services.AddSingleton<INotificationChannel, EmailChannel>();
        services.AddSingleton<INotificationChannel, PagerDutyChannel>();
        services.AddSingleton<NotificationChannels>();
        services.AddSingleton<INotificationTemplates, NotificationTemplates>();
        return services;
    }
}
