using System.Threading.Channels;
using Uptime.Protocol;

namespace Uptime.Agent.Checks;

/// <summary>
/// Bounded queue between the hub connection (which receives CHECK_WEBSITE) and the check workers; checks waiting for
/// their host's slot (<see cref="HostSlots"/>) count against its capacity too.
/// </summary>
internal sealed class CheckQueue(HostSlots hosts)
{
    public const int Capacity = 100_000;

    private readonly Channel<WebsiteCheck> _channel =
        Channel.CreateBounded<WebsiteCheck>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait });

    public ChannelReader<WebsiteCheck> Reader => _channel.Reader;

    /// <summary>Queues a check without waiting; false when <see cref="Capacity"/> checks already wait, here or for their host.</summary>
    public bool TryEnqueue(WebsiteCheck check) => _channel.Reader.Count + hosts.Waiting < Capacity && _channel.Writer.TryWrite(check);
}
