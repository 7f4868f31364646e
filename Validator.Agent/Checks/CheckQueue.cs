using System.Threading.Channels;
using Uptime.Protocol;

namespace Uptime.Agent.Checks;

/// <summary>Bounded queue between the hub connection (which receives CHECK_WEBSITE) and the check workers.</summary>
internal sealed class CheckQueue
{
    public const int Capacity = 100_000;

    private readonly Channel<WebsiteCheck> _channel =
        Channel.CreateBounded<WebsiteCheck>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait });

    public ChannelReader<WebsiteCheck> Reader => _channel.Reader;

    /// <summary>Queues a check without waiting; false when the queue is full.</summary>
    public bool TryEnqueue(WebsiteCheck check) => _channel.Writer.TryWrite(check);
}
