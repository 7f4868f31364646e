using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;
using Orleans.Storage;
using Uptime.Grains;

namespace Uptime.Hub.Hosting;

/// <summary>The Orleans silo: ADO.NET clustering, grain storage and reminders, all on the hub's PostgreSQL.</summary>
public static class OrleansHosting
{
    public const string Invariant = "Npgsql";
    public const string WebsiteStorage = "websites";

    public static WebApplicationBuilder AddUptimeSilo(this WebApplicationBuilder builder, HubOptions hub)
    {
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = hub.ClusterId;
                o.ServiceId = "uptime";
            });
            silo.ConfigureEndpoints(hub.AdvertisedIp, hub.SiloPort, hub.GatewayPort, listenOnAnyHostAddress: !System.Net.IPAddress.IsLoopback(hub.AdvertisedIp));
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = hub.ProbeTimeout;
                o.NumMissedProbesLimit = hub.MissedProbesLimit;
            });
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = hub.ConnectionString;
            });
            silo.AddAdoNetGrainStorage(WebsiteStorage, o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = hub.ConnectionString;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = hub.ConnectionString;
            });
            silo.AddDashboard();
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromTicks(Math.Min(o.MinimumReminderPeriod.Ticks, hub.ReminderPeriod.Ticks)));
        });

        // Grain state in Orleans' own binary format: version-tolerant through the [Id] numbers and [Alias]
        // names on the state classes, so renaming a C# type does not break stored rows.
        builder.Services.AddOptions<AdoNetGrainStorageOptions>(WebsiteStorage)
            .Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));

        builder.Services.Configure<ValidatorGrainOptions>(o =>
        {
            o.HeartbeatTimeout = hub.HeartbeatTimeout;
            o.HeartbeatCheckPeriod = TimeSpan.FromTicks(Math.Min(o.HeartbeatCheckPeriod.Ticks, hub.HeartbeatTimeout.Ticks / 4));
            o.PresenceReminderPeriod = hub.ReminderPeriod;
        });
        return builder;
    }
}
