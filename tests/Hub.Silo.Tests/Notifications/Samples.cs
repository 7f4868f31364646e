using Microsoft.Extensions.DependencyInjection;
using Uptime.Hub.Notifications;
using Uptime.Hub.Websites;

namespace Uptime.Hub.Tests.Notifications;

/// <summary>The events of one outage of "My Shop" (down from 2 of 3 regions at 09:00 UTC), and messages made of them with the default templates.</summary>
internal static class Samples
{
    public static readonly DateTime OpenedAt = new(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc);
    public static readonly Guid IncidentId = Guid.Parse("0b9e2a4c-6f51-4d8e-9a2b-3c4d5e6f7a8b");
    public static readonly Guid WebsiteId = Guid.Parse("11111111-2222-3333-4444-555555555555");
    public const string Link = "https://uptime.example.com/#/incidents/0b9e2a4c-6f51-4d8e-9a2b-3c4d5e6f7a8b";

    public static readonly NotificationVote[] Votes =
    [
        new("us-east", "Bad", "HTTP 503", 120.5, OpenedAt.AddSeconds(-2)),
        new("eu-west", "Bad", "Timeout after 10000 ms", 10_000, OpenedAt.AddSeconds(-1)),
        new("ap-south", "Good", null, 80, OpenedAt.AddSeconds(-1)),
    ];

    public static NotificationPayload Opened(string name = "My Shop", string url = "https://shop.example.com/", Guid? incidentId = null) =>
        new(NotificationEventKind.Opened, OpenedAt, incidentId ?? IncidentId, WebsiteId, name, url, ["prod"], "Down", "2 of 3 regions say Down",
            OpenedAt, null, null, null, null, null, Votes);

    public static NotificationPayload Acknowledged() => Opened() with
    {
        Kind = NotificationEventKind.Acknowledged,
        At = OpenedAt.AddMinutes(5),
        AcknowledgedAt = OpenedAt.AddMinutes(5),
        Actor = "alice",
        Note = "looking into it",
    };

    public static NotificationPayload Resolved() => Opened() with
    {
        Kind = NotificationEventKind.Resolved,
        At = OpenedAt.AddSeconds(750),
        ResolvedAt = OpenedAt.AddSeconds(750),
        Resolution = "recovered",
        Votes = [],
    };

    public static NotificationPayload Reminder() => Opened() with { Kind = NotificationEventKind.Reminder, At = OpenedAt.AddMinutes(62) };

    public static NotificationPayload Test() =>
        new(NotificationEventKind.Test, OpenedAt, null, null, null, null, [], null, null, null, null, "alice", null, null, null, []);

    public const string WebsiteLink = "https://uptime.example.com/#site=11111111-2222-3333-4444-555555555555";

    /// <summary>My Shop's certificate, 7 days left (expiring 2026-12-14 10:00 UTC), announced at the 7-day threshold.</summary>
    public static NotificationPayload Certificate() =>
        new(NotificationEventKind.Certificate, OpenedAt, null, WebsiteId, "My Shop", "https://shop.example.com/", ["prod"], null, null, null, null,
            null, null, null, null, [],
            new NotificationCertificate(
                new DateTime(2026, 12, 14, 10, 0, 0, DateTimeKind.Utc), 7, 7, "CN=shop.example.com", "CN=Example Issuing CA, O=Example",
                ["shop.example.com", "www.shop.example.com"]));

    /// <summary>The certificate warning as the worker makes it: no incident, the website's dashboard link.</summary>
    public static NotificationItem CertificateItem(NotificationPayload? payload = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), payload ?? Certificate(), null, WebsiteLink);

    public static NotificationItem Item(NotificationPayload payload, string? link = Link) => new(Guid.NewGuid(), Guid.NewGuid(), payload, payload.IncidentId is null ? null : link);

    public static OutgoingNotification Message(params NotificationItem[] items)
    {
        var (subject, body) = new NotificationTemplates().Render(items, null, null);
        return new OutgoingNotification(items[0].DeliveryId.ToString(), items, subject, body);
    }

    public static OutgoingNotification Single(NotificationPayload payload) => Message(Item(payload));

    /// <summary><paramref name="down"/> websites down (site-1 …) and <paramref name="resolved"/> resolved, in one message.</summary>
    public static OutgoingNotification Group(int down, int resolved = 0) => Message(
        [
            .. Enumerable.Range(1, down).Select(i => Item(Opened($"site-{i}", $"https://site-{i}.example.com/", Guid.NewGuid()))),
            .. Enumerable.Range(1, resolved).Select(i => Item(Resolved() with { WebsiteName = $"back-{i}", IncidentId = Guid.NewGuid() })),
        ]);

    public static INotificationChannel Channel(string type, bool allowPrivateTargets = true) =>
        ChannelServices(allowPrivateTargets).BuildServiceProvider().GetRequiredService<NotificationChannels>().Find(type)!;

    /// <summary>The channel types as the hub registers them; the tests' receivers are on 127.0.0.1, a private address.</summary>
    public static IServiceCollection ChannelServices(bool allowPrivateTargets = true) =>
        new ServiceCollection().AddSingleton(new WebsiteTargetsOptions { AllowPrivateTargets = allowPrivateTargets }).AddNotificationChannels();
}
