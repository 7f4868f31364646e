using Uptime.Hub.Canaries;
using Uptime.Hub.Dispatch;
using Uptime.Hub.Live;
using Uptime.Hub.Observability;
using Uptime.Hub.Ticks;

namespace Uptime.Hub.Validators;

/// <summary>The silo services every validator connection uses.</summary>
public sealed record ConnectionServices(
    IGrainFactory Grains,
    LocalValidators Local,
    SiloDirectoryUpdater Publisher,
    TickWriter Ticks,
    CheckTokens CheckTokens,
    CanaryTargets Canaries,
    ActiveWebsiteCount ActiveWebsites,
    LiveFeed Live,
    HubCounters Counters,
    ConnectionLimits Limits,
    ValidatorSecurityOptions Options,
    TimeProvider Time,
    ILogger<ValidatorConnection> Logger);
