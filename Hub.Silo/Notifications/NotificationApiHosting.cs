using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Npgsql;

namespace Uptime.Hub.Notifications;

public static class NotificationApiHosting
{
    /// <summary>
    /// The channel secrets' encryption (Data Protection with its key ring in PostgreSQL, shared by every silo) and what the
    /// channels, policies and delivery-log API reads and writes through.
    /// </summary>
    public static IServiceCollection AddNotificationApi(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(DataProtectionChannelSecrets.ApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((keys, dataSource) => keys.XmlRepository = new PostgresXmlRepository(dataSource));
        services.AddSingleton<IChannelSecrets, DataProtectionChannelSecrets>();
        services.AddSingleton<ChannelTargets>();
        services.AddSingleton<ChannelEditor>();
        services.AddSingleton<ChannelRepository>();
        services.AddSingleton<PolicyRepository>();
        services.AddSingleton<DeliveryQueries>();
        return services;
    }
}
