using Uptime.Hub.Notifications.Delivery;
using Uptime.Hub.Notifications.Reminders;
using Uptime.Settings;

namespace Uptime.Hub.Notifications;

public static class NotificationsHosting
{
    /// <summary>The outbox's delivery on this silo: the worker, the reminders, the send-test service and the metrics.</summary>
    public static IServiceCollection AddNotificationDelivery(this IServiceCollection services)
    {
        services.AddEnvironmentSettings<NotificationOptions>();
        services.AddSingleton<NotificationMetrics>();
        services.AddSingleton<DashboardLinks>();
        services.AddSingleton<ChannelSend>();
        services.AddSingleton<INotificationTester, NotificationTester>();
        services.AddHostedService<DeliveryWorker>();
        services.AddHostedService<ReminderScheduler>();
        return services;
    }
}
