using System.Net;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;
using Orleans.Storage;
using Uptime.Grains;
using Uptime.Hub.Database;

namespace Uptime.Hub.Hosting;

/// <summary>The Orleans silo: ADO.NET clustering, grain storage and reminders, all on the hub's PostgreSQL.</summary>
public static class OrleansHosting
{
    public const string Invariant = "Npgsql";
    public const string WebsiteStorage = "websites";

    public static WebApplicationBuilder AddUptimeSilo(this WebApplicationBuilder builder)
    {
        builder.UseOrleans(silo =>
        {
            silo.UseAdoNetClustering(o => o.Configure<DatabaseOptions>((clustering, database) =>
            {
                clustering.Invariant = Invariant;
                clustering.ConnectionString = database.ConnectionString;
            }));
            silo.AddAdoNetGrainStorage(WebsiteStorage, o => o.Configure<DatabaseOptions, Serializer>((storage, database, serializer) =>
            {
                storage.Invariant = Invariant;
                storage.ConnectionString = database.ConnectionString;

                // Grain state in Orleans' own binary format: version-tolerant through the [Id] numbers and [Alias]
                // names on the state classes, so renaming a C# type does not break stored rows.
                storage.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
            silo.UseAdoNetReminderService(o => o.Configure<DatabaseOptions>((reminders, database) =>
            {
                reminders.Invariant = Invariant;
                reminders.ConnectionString = database.ConnectionString;
            }));
            silo.AddDashboard();
        });

        var services = builder.Services;
        services.AddOptions<ClusterOptions>().Configure<HubOptions>((cluster, hub) =>
        {
            cluster.ClusterId = hub.ClusterId;
            cluster.ServiceId = "uptime";
        });
        services.AddOptions<EndpointOptions>().Configure<HubOptions>((endpoints, hub) =>
        {
            endpoints.AdvertisedIPAddress = hub.AdvertisedIp;
            endpoints.SiloPort = hub.SiloPort;
            endpoints.GatewayPort = hub.GatewayPort;

            // A silo advertised on a routable address listens on every interface, one advertised on loopback only there.
            if (!IPAddress.IsLoopback(hub.AdvertisedIp))
            {
                endpoints.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, hub.SiloPort);
                endpoints.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, hub.GatewayPort);
            }
        });
        services.AddOptions<ClusterMembershipOptions>().Configure<HubOptions>((membership, hub) =>
        {
            membership.ProbeTimeout = hub.ProbeTimeout;
            membership.NumMissedProbesLimit = hub.MissedProbesLimit;

            // A silo that sent anything within MaxProbeTimeout × missed probes cannot be voted dead (Orleans' connection
            // liveness check); with its default (4 × the probe timeout) a frozen silo stayed "alive" for 24 s.
            membership.MaxProbeTimeout = hub.ProbeTimeout * 1.5;
        });
        services.AddOptions<ReminderOptions>().Configure<HubOptions>((reminders, hub) =>
            reminders.MinimumReminderPeriod = TimeSpan.FromTicks(Math.Min(reminders.MinimumReminderPeriod.Ticks, hub.ReminderPeriod.Ticks)));
        services.AddOptions<ValidatorGrainOptions>().Configure<HubOptions>((grains, hub) =>
        {
            grains.HeartbeatTimeout = hub.HeartbeatTimeout;
            grains.HeartbeatCheckPeriod = TimeSpan.FromTicks(Math.Min(grains.HeartbeatCheckPeriod.Ticks, hub.HeartbeatTimeout.Ticks / 4));
            grains.PresenceReminderPeriod = hub.ReminderPeriod;
        });
        return builder;
    }
}
