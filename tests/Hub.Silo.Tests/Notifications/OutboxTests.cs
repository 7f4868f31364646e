using Uptime.Hub.Notifications;
using Uptime.Hub.Tests.Database;
using Uptime.Testing;

namespace Uptime.Hub.Tests.Notifications;

/// <summary>
/// The outbox on a real PostgreSQL database: an incident change writes its deliveries in its own transaction, routed by
/// the policies; the worker sends them (grouped per window, PagerDuty never), retries with back-off, dead-letters, and
/// the reminders repeat while an incident stays open.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class OutboxTests(PostgresFixture postgres)
{
    [Fact]
    public async Task IncidentOpened_PolicyForAllWebsites_OneDeliveryPerChannelWithTheSnapshot()
    {
        await using var bed = await OutboxTestbed.CreateAsync(postgres);
        var (first, second) = (await bed.ChannelAsync(), await bed.ChannelAsync());
        await bed.PolicyAsync([first, second]);
        await bed.PolicyAsync([second]);
        var website = await bed.WebsiteAsync("shop");

        var incident = await bed.OpenAsync(website);
        await bed.DeliverAsync();

        Assert.Equal(
            new[] { first, second }.Order(),
            (await bed.DeliveriesAsync()).Select(d => d.Channel).Order());
        var (settings, sent) = bed.Channel.Sent[0];
        Assert.Equal(("ops", "s3cret-token"), (settings["room"]!.GetValue<string>(), settings["token"]!.GetValue<string>()));
        var payload = Assert.Single(sent.Items).Payload;
        Assert.Equal(
            ("opened", incident.Id, website, "Down", "3 of 3 regions say Down", OutboxTestbed.Start),
            (payload.Kind, payload.IncidentId, payload.WebsiteId, payload.Verdict, payload.Reason, payload.OpenedAt));
        Assert.Equal(["shop"], payload.Tags);
        Assert.StartsWith("Shop ", payload.WebsiteName);
        var vote = Assert.Single(payload.Votes);
        Assert.Equal(("us-east", "Bad", "HTTP 503", 42.0), (vote.Region, vote.Status, vote.Error, vote.LatencyMs));
        Assert.Equal($"https://uptime.example/#incident={incident.Id}", sent.Items[0].IncidentLink);
        Assert.Equal(sent.Items[0].DeliveryId.ToString(), sent.DeliveryKey);
    }

    [Fact]
    public async Task Routing_ByTag_OtherWebsitesFallToTheDefaultPolicy()
    {
        await using var bed = await OutboxTestbed.CreateAsync(postgres);
        var (tagged, fallback) = (await bed.ChannelAsync(), await bed.ChannelAsync());
        await bed.PolicyAsync([tagged], tags: ["payments"]);
        await bed.PolicyAsync([fallback], isDefault: true);

        await bed.OpenAsync(await bed.WebsiteAsync("payments", "eu"));
        await bed.OpenAsync(await bed.WebsiteAsync("blog"));

        Assert.Equal(new[] { tagged, fallback }.Order(), (await bed.DeliveriesAsync()).Select(d => d.Channel).Order());
    }

    [Fact]
    public async Task Routing_EventsNotRouted_NoDelivery_DisabledChannel_NoDelivery()
    {
        await using var bed = await OutboxTestbed.CreateAsync(postgres);
        var (resolvedOnly, disabled) = (await bed.ChannelAsync(), await bed.ChannelAsync(enabled: false));
        await bed.PolicyAsync([resolvedOnly], events: ["resolved"]);
        await bed.PolicyAsync([disabled]);
        var incident = await bed.OpenAsync(await bed.WebsiteAsync());

        await bed.ResolveAsync(incident.Id);

        Assert.Equal([("resolved", resolvedOnly)], (await bed.DeliveriesAsync()).Select(d => (d.Kind, d.Channel)));
    }

    [Fact]
    public async Task QuietDelay_OutageEndsWithinIt_OpenedSkippedAndNoResolved()
    {
        await using var bed = await OutboxTestbed.CreateAsync(postgres);
        var channel = await bed.ChannelAsync();
        await bed.PolicyAsync([channel], quietSeconds: 300);
        var incident = await bed.OpenAsync(await bed.WebsiteAsync());
        Assert.Equal(OutboxTestbed.Start.AddMinutes(5), Assert.Single(await bed.DeliveriesAsync()).DueAt);
        Assert.Equal(0, await bed.DeliverAsync());

        bed.Clock.Advance(TimeSpan.FromMinutes(2));
        await bed.ResolveAsync(incident.Id);
        bed.Clock.Advance(TimeSpan.FromMinutes(10));
        await bed.DeliverAsync();

        Assert.Equal([("opened", "skipped")], (await bed.DeliveriesAsync()).Select(d => (d.Kind, d.State)));
        Assert.Empty(bed.Channel.Sent);
    }

    [Fact]
    public async Task QuietDelay_StillDownAfterIt_Sent()
    {
        await using var bed = await OutboxTestbed.CreateAsync(postgres);
        await bed.PolicyAsync([await bed.ChannelAsync()], quietSeconds: 300);
        await bed.OpenAsync(await bed.WebsiteAsync());

        bed.Clock.Advance(TimeSpan.FromMinutes(5));
        await bed.DeliverAsync();

        Assert.Equal([("opened", "sent")], (await bed.DeliveriesAsync()).Select(d => (d.Kind, d.State)));
    }

    [Fact]
    public async Task Storm_ManyIncidentsAtOnce_FirstAloneThenOneGroupPerWindow_PagerDutyOnePerIncident()
    {
        await using var bed = await OutboxTestbed.CreateAsync(postgres);
        var (chat, pager) = (await bed.ChannelAsync(), await bed.ChannelAsync("pagerduty"));
        await bed.PolicyAsync([chat, pager]);
        await bed.OpenAsync(await bed.WebsiteAsync());
        await bed.DeliverAsync();

        for (var i = 0; i < 12; i++)
        {
            await bed.OpenAsync(await bed.WebsiteAsync());
        }

        await bed.DeliverAsync();
        Assert.Single(bed.Channel.Sent);
        bed.Clock.Advance(TimeSpan.FromSeconds(30));
        await bed.DeliverAsync();

        Assert.Equal([1, 12], bed.Channel.Sent.Select(s => s.Notification.Items.Count));
        Assert.True(bed.Channel.Sent[1].Notification.IsGroup);
        Assert.Equal(13, bed.Pager.Sent.Count);
        Assert.All(bed.Pager.Sent, s => Assert.Single(s.Notification.Items));
        Assert.All(await bed.DeliveriesAsync(), d => Assert.Equal("sent", d.State));
    }

    [Fact]
    public async Task ReceiverFails_RetriedWithBackOffAndRetryAfter_ThenSentOnce()
    {
        await using var bed = await OutboxTestbed.CreateAsync(postgres, new NotificationOptions { FirstRetry = TimeSpan.FromSeconds(10) });
        await bed.PolicyAsync([await bed.ChannelAsync()]);
        await bed.OpenAsync(await bed.WebsiteAsync());
        bed.Channel.Answer = DeliveryResult.Failure(500, "HTTP 500");

        await bed.DeliverAsync();
        var first = Assert.Single(await bed.DeliveriesAsync());
        Assert.Equal(("pending", 1), (first.State, first.Attempts));
        Assert.InRange(first.DueAt, OutboxTestbed.Start.AddSeconds(5), OutboxTestbed.Start.AddSeconds(10));

        bed.Clock.Advance(first.DueAt - OutboxTestbed.Start);
        bed.Channel.Answer = DeliveryResult.Failure(429, "HTTP 429", TimeSpan.FromMinutes(3));
        await bed.DeliverAsync();
        var second = Assert.Single(await bed.DeliveriesAsync());
        Assert.Equal(2, second.Attempts);
        Assert.True(second.DueAt >= bed.Clock.GetUtcNow().UtcDateTime.AddMinutes(3), $"due {second.DueAt:O}: Retry-After not honoured");

        bed.Clock.Advance(TimeSpan.FromMinutes(3));
        bed.Channel.Answer = DeliveryResult.Success(200);
        await bed.DeliverAsync();
        bed.Clock.Advance(TimeSpan.FromHours(1));
        await bed.DeliverAsync();

        Assert.Equal(("sent", 3), Assert.Single(await bed.DeliveriesAsync()) is var d ? (d.State, d.Attempts) : default);
        Assert.Equal(3, bed.Channel.Sent.Count);
    }

    [Fact]
    public async Task ReceiverRefuses_DeadAtOnce_FailsPastTheBound_Dead()
    {
        await using var bed = await OutboxTestbed.CreateAsync(postgres, new NotificationOptions { GiveUpAfter = TimeSpan.FromHours(1) });
        var (refusing, failing) = (await bed.ChannelAsync(), await bed.ChannelAsync("pagerduty"));
        await bed.PolicyAsync([refusing, failing]);
        await bed.OpenAsync(await bed.WebsiteAsync());
        bed.Channel.Answer = DeliveryResult.Refused(404, "HTTP 404: no such hook");
        bed.Pager.Answer = DeliveryResult.Failure(503, "HTTP 503");

        for (var minute = 0; minute < 90; minute++)
        {
            await bed.DeliverAsync();
            bed.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(
            new[] { (refusing, "dead"), (failing, "dead") }.Order(),
            (await bed.DeliveriesAsync()).Select(d => (d.Channel, d.State)).Order());
        Assert.Single(bed.Channel.Sent);
        Assert.InRange(bed.Pager.Sent.Count, 8, 16);
    }

    [Fact]
    public async Task Reminder_WhileOpenEveryPeriod_StopsWhenResolved()
    {
        await using var bed = await OutboxTestbed.CreateAsync(postgres);
        var channel = await bed.ChannelAsync();
        await bed.PolicyAsync([channel], reminderMinutes: 60);
        var incident = await bed.OpenAsync(await bed.WebsiteAsync());

        bed.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, await bed.Reminders.RemindAsync(CancellationToken.None));
        bed.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await bed.Reminders.RemindAsync(CancellationToken.None));
        Assert.Equal(0, await bed.Reminders.RemindAsync(CancellationToken.None));
        bed.Clock.Advance(TimeSpan.FromMinutes(60));
        Assert.Equal(1, await bed.Reminders.RemindAsync(CancellationToken.None));
        await bed.ResolveAsync(incident.Id);
        bed.Clock.Advance(TimeSpan.FromMinutes(60));

        Assert.Equal(0, await bed.Reminders.RemindAsync(CancellationToken.None));
        Assert.Equal(["opened", "reminder", "reminder", "resolved"], (await bed.DeliveriesAsync()).Select(d => d.Kind));
    }
}
