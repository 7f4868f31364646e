namespace Uptime.Grains;

/// <summary>
/// The persisted part of a website's live aggregate. Written on status transitions and on deactivation,
/// never per tick; counters since the last write are lost if the silo is killed. The status itself is not here:
/// its one store is the websites row (see <see cref="StoredWebsite"/>). Fields 0 and 1 held a copy of it in
/// earlier versions; stored rows still carry them (skipped when read), so those ids are never reused.
/// </summary>
[GenerateSerializer, Alias("uptime.website-state.v1")]
public sealed class WebsiteState
{
    [Id(2)]
    public long TicksReceived { get; set; }

    [Id(3)]
    public long GoodTicks { get; set; }

    [Id(4)]
    public Dictionary<Guid, ValidatorLastTick> LastTicks { get; set; } = [];

    /// <summary>The latest ticks from all validators, oldest first, at most <see cref="RecentCapacity"/>.</summary>
    [Id(5)]
    public Queue<RecentTick> Recent { get; set; } = new();

    public const int RecentCapacity = 30;
}
