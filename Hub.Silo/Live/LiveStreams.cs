using System.Collections.Concurrent;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Uptime.Grains;

namespace Uptime.Hub.Live;

/// <summary>
/// The dashboard streams (server-sent events) open on this silo. Each subscriber has a bounded queue; a
/// browser too slow to keep up loses the oldest events, never slows the hub.
/// </summary>
public sealed class LiveStreams(IOptions<JsonOptions> json)
{
    public const int SubscriberQueueCapacity = 1000;
    private static readonly TimeSpan _pingPeriod = TimeSpan.FromSeconds(15);

    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;
    private readonly ConcurrentDictionary<Channel<SseItem<string>>, byte> _subscribers = new();

    public int Count => _subscribers.Count;

    /// <summary>Ticks, website changes and incident changes from any silo.</summary>
    public void Deliver(LiveBatch batch)
    {
        if (_subscribers.IsEmpty)
        {
            return;
        }

        if (batch.Ticks.Count > 0)
        {
            Broadcast("ticks", batch.Ticks.Select(TickEvent.From).ToArray());
        }

        foreach (var change in batch.WebsiteChanges)
        {
            Broadcast("website", new { id = change.WebsiteId, action = change.Action });
        }

        foreach (var change in batch.IncidentChanges)
        {
            Broadcast(IncidentEvent.EventType(change), IncidentEvent.From(change));
        }
    }

    public void Broadcast<T>(string eventType, T data)
    {
        var item = new SseItem<string>(JsonSerializer.Serialize(data, _json), eventType);
        foreach (var subscriber in _subscribers.Keys)
        {
            subscriber.Writer.TryWrite(item);
        }
    }

    /// <summary>The events for one browser until it goes away, with a comment-free ping every 15 s to keep proxies open.</summary>
    public async IAsyncEnumerable<SseItem<string>> SubscribeAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<SseItem<string>>(
            new BoundedChannelOptions(SubscriberQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });
        _subscribers[channel] = 0;
        try
        {
            yield return new SseItem<string>("{}", "hello");
            while (!cancellationToken.IsCancellationRequested)
            {
                using var ping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                ping.CancelAfter(_pingPeriod);
                bool ready;
                try
                {
                    ready = await channel.Reader.WaitToReadAsync(ping.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    ready = false;
                }

                if (!ready)
                {
                    yield return new SseItem<string>("{}", "ping");
                    continue;
                }

                while (channel.Reader.TryRead(out var item))
                {
                    yield return item;
                }
            }
        }
        finally
        {
            _subscribers.TryRemove(channel, out _);
        }
    }
}
