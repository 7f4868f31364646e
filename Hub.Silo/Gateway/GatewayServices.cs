using Uptime.Hub.Configuration;
using Uptime.Hub.Hosting;
using Uptime.Hub.Live;
using Uptime.Hub.Persistence;

namespace Uptime.Hub.Gateway;

/// <summary>The silo services every validator connection uses.</summary>
public sealed record GatewayServices(
    IGrainFactory Grains,
    LocalConnections Local,
    GatewayPublisher Publisher,
    TickWriter Ticks,
    CheckTokens CheckTokens,
    ActiveWebsiteCount ActiveWebsites,
    LiveFeed Live,
    HubCounters Counters,
    GatewayLimits Limits,
    HubOptions Options,
    TimeProvider Time,
    ILogger<ValidatorConnection> Logger);
