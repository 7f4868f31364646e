using System.Collections.Concurrent;
using Npgsql;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Grains;
using Uptime.Hub.Incidents;
using Uptime.Testing;
using Xunit.Abstractions;

namespace Uptime.EndToEnd.Tests.Notifications;

/// <summary>
/// The outbox through a crash: three silos of one cluster deliver 100 incident openings and resolutions to three slow
/// webhook receivers (no grouping, so hundreds of messages are in flight), and one silo is killed (kill -9) mid-way.
/// Every event reaches every receiver; a message sent again (its silo died between the send and the commit) carries the
/// same idempotency key, and such duplicates are counted. The incident changes are written through the hub's own
/// repository from the test, as a website grain does, so the test controls when they happen.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class NotificationChaosTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Incidents = 100;
    private static readonly TimeSpan _deliveredWithin = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task SiloKilledWhileDelivering_EveryEventReachesEveryChannel_RepeatsOnlyWithTheSameKey()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var cluster = new Dictionary<string, string?>
        {
            ["HUB_CLUSTER_ID"] = "notify-chaos-" + Guid.NewGuid().ToString("N")[..8],
            ["HUB_NOTIFY_GROUP_SECONDS"] = "0",
            ["HUB_NOTIFY_RETRY_SECONDS"] = "1",
        };
        var hubs = new List<HubProcess>();
        var receivers = new List<AlertReceiver>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                hubs.Add(await HubProcess.StartAsync(connectionString, cluster));
                var receiver = await AlertReceiver.StartAsync();
                receiver.Delay = TimeSpan.FromMilliseconds(150);
                receivers.Add(receiver);
            }

            var api = new NotificationsApi(hubs[0]);
            foreach (var receiver in receivers)
            {
                await api.RouteToAsync(receiver, null, "opened", "resolved");
            }

            var websites = new List<Guid>();
            for (var i = 0; i < Incidents; i++)
            {
                websites.Add((await hubs[0].CreateWebsiteAsync($"https://example.com/chaos/{i}", 3600)).GetProperty("id").GetGuid());
            }

            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var repository = new IncidentRepository(dataSource);
            var opened = new ConcurrentBag<Guid>();
            await Parallel.ForEachAsync(websites, async (website, token) =>
                opened.Add((await repository.OpenAsync(website, DateTime.UtcNow, WebsiteHealth.Down, "chaos", [], token)).Id));
            await Eventually.UntilAsync(
                () => Task.FromResult(receivers.Sum(r => r.Received.Count)),
                count => count >= Incidents / 2,
                TimeSpan.FromSeconds(60),
                count => $"only {count} messages arrived{hubs[1].Diagnostics}");

            await hubs[1].Process.KillAsync();
            await Parallel.ForEachAsync(opened, async (incident, token) =>
                await repository.ResolveAsync(incident, DateTime.UtcNow, IncidentRepository.Automatic, "chaos over", token));

            var expected = opened.SelectMany(id => new[] { (id, "opened"), (id, "resolved") }).ToHashSet();
            foreach (var receiver in receivers)
            {
                await Eventually.UntilAsync(
                    () => Task.FromResult(Accepted(receiver).Select(e => e.Event).ToHashSet()),
                    got => got.IsSupersetOf(expected),
                    _deliveredWithin,
                    got => $"receiver {receiver.Port} is missing {expected.Except(got ?? []).Count()} of {expected.Count} events{hubs[0].Diagnostics}");
            }

            var duplicates = 0;
            foreach (var receiver in receivers)
            {
                foreach (var repeated in Accepted(receiver).GroupBy(e => e.Event).Where(g => g.Count() > 1))
                {
                    duplicates += repeated.Count() - 1;
                    Assert.True(
                        repeated.Select(e => e.Key).Distinct().Count() == 1,
                        $"event {repeated.Key} arrived {repeated.Count()} times with different keys: {string.Join(", ", repeated.Select(e => e.Key))}");
                }
            }

            output.WriteLine($"{expected.Count * receivers.Count} deliveries, {receivers.Sum(r => r.Received.Count)} requests, {duplicates} repeated with the same key after the kill");
        }
        finally
        {
            foreach (var receiver in receivers)
            {
                await receiver.DisposeAsync();
            }

            foreach (var hub in hubs)
            {
                await hub.DisposeAsync();
            }
        }
    }

    private static IEnumerable<((Guid, string) Event, string Key)> Accepted(AlertReceiver receiver) =>
        receiver.Received.Where(a => a.Accepted).SelectMany(a => WebhookEvents.Of(a).Select(e =>
            ((e.GetProperty("incidentId").GetGuid(), e.GetProperty("kind").GetString()!), a.DeliveryKey)));
}
