using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Uptime.Grains;
using Uptime.Hub.Hosting;
using Uptime.Hub.Incidents;
using Uptime.Hub.Notifications;
using Uptime.Hub.Notifications.Delivery;
using Uptime.Hub.Notifications.Reminders;
using Uptime.Hub.Tests.Database;
using Uptime.Hub.Websites;
using Uptime.Testing;

namespace Uptime.Hub.Tests.Notifications;

/// <summary>
/// A fresh migrated database (policies are global, so each test gets its own), the incident repository that writes the
/// outbox, and the delivery worker sending through <see cref="RecordingChannel"/>s on a fake clock.
/// </summary>
public sealed class OutboxTestbed : IAsyncDisposable
{
    public static readonly DateTime Start = new(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc);

    private readonly ServiceProvider _services;

    private OutboxTestbed(NpgsqlDataSource dataSource, NotificationOptions options)
    {
        DataSource = dataSource;
        Incidents = new IncidentRepository(dataSource);
        Websites = new WebsiteRepository(dataSource);
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new NotificationMetrics(_services.GetRequiredService<IMeterFactory>());
        var send = new ChannelSend(
            new NotificationChannels([Channel, Pager]), new SubjectOnlyTemplates(), new PlainSecrets(),
            new DashboardLinks(new HubOptions { PublicUrl = new Uri("https://uptime.example/") }), options, metrics);
        Worker = new DeliveryWorker(dataSource, send, options, Clock, NullLogger<DeliveryWorker>.Instance);
        Reminders = new ReminderScheduler(dataSource, metrics, Clock, NullLogger<ReminderScheduler>.Instance);
    }

    public NpgsqlDataSource DataSource { get; }

    public IncidentRepository Incidents { get; }

    public WebsiteRepository Websites { get; }

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>Channel type "webhook": records every message, answers what <see cref="RecordingChannel.Answer"/> says.</summary>
    public RecordingChannel Channel { get; } = new("webhook");

    /// <summary>Channel type "pagerduty" (never grouped).</summary>
    public RecordingChannel Pager { get; } = new("pagerduty");

    public DeliveryWorker Worker { get; }

    public ReminderScheduler Reminders { get; }

    public static async Task<OutboxTestbed> CreateAsync(PostgresFixture postgres, NotificationOptions? options = null) =>
        new(await MigratedDatabase.CreateAsync(postgres.Server), options ?? new NotificationOptions());

    public async Task<Guid> WebsiteAsync(params string[] tags)
    {
        var id = (await Websites.CreateAsync($"https://example.com/{Guid.NewGuid():N}", 30, CancellationToken.None)).Id;
        await ExecuteAsync("UPDATE websites SET name = 'Shop ' || left(id::text, 8), tags = $2 WHERE id = $1", id, tags);
        return id;
    }

    public async Task<Guid> ChannelAsync(string type = "webhook", bool enabled = true)
    {
        var id = Guid.NewGuid();
        await ExecuteAsync(
            "INSERT INTO notification_channels (id, name, type, enabled, settings, secrets) VALUES ($1, $2, $3, $4, '{\"room\":\"ops\"}', $5)",
            id, $"{type}-{id:N}", type, enabled, Encoding.UTF8.GetBytes("{\"token\":\"s3cret-token\"}"));
        return id;
    }

    /// <summary>A policy to <paramref name="channels"/>; <paramref name="tags"/> null and not default = all websites.</summary>
    public async Task<Guid> PolicyAsync(
        Guid[] channels, string[]? tags = null, bool isDefault = false, int quietSeconds = 0, int reminderMinutes = 0, string[]? events = null)
    {
        var id = Guid.NewGuid();
        await ExecuteAsync(
            """
            INSERT INTO notification_policies (id, name, is_default, tags, quiet_seconds, reminder_minutes, events)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """,
            id, $"policy-{id:N}", isDefault, tags is null ? DBNull.Value : tags, quietSeconds, reminderMinutes,
            events ?? [.. NotificationEventKind.Routable]);
        foreach (var channel in channels)
        {
            await ExecuteAsync("INSERT INTO notification_policy_channels (policy_id, channel_id) VALUES ($1, $2)", id, channel);
        }

        return id;
    }

    public Task<OpenIncident> OpenAsync(Guid websiteId) =>
        Incidents.OpenAsync(
            websiteId, Clock.GetUtcNow().UtcDateTime, WebsiteHealth.Down, "3 of 3 regions say Down",
            [new IncidentVote(Guid.NewGuid(), "us-east", Clock.GetUtcNow().UtcDateTime, false, "HTTP 503", 42, null, false)],
            CancellationToken.None);

    public Task ResolveAsync(Guid incidentId) =>
        Incidents.ResolveAsync(incidentId, Clock.GetUtcNow().UtcDateTime, IncidentRepository.Automatic, "good for 30 s", CancellationToken.None);

    /// <summary>Runs the worker until nothing is due now; how many rounds sent something.</summary>
    public async Task<int> DeliverAsync()
    {
        var rounds = 0;
        while (await Worker.DeliverNextAsync(CancellationToken.None))
        {
            rounds++;
        }

        return rounds;
    }

    /// <summary>(event kind, channel, state, attempts) of every delivery, oldest first.</summary>
    public async Task<IReadOnlyList<(string Kind, Guid Channel, string State, int Attempts, DateTime DueAt)>> DeliveriesAsync()
    {
        await using var command = DataSource.CreateCommand("""
            SELECT e.kind, d.channel_id, d.state, d.attempts, d.due_at
            FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id
            ORDER BY d.created_at, e.kind, d.id
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, Guid, string, int, DateTime)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt32(3), reader.GetDateTime(4)));
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await _services.DisposeAsync();
    }

    private async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new() { Value = value });
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A channel type that records what it was asked to send and the settings it got (secrets merged in).</summary>
    public sealed class RecordingChannel(string type) : INotificationChannel
    {
        private readonly ConcurrentQueue<(JsonObject Settings, OutgoingNotification Notification)> _sent = new();

        public string Type => type;

        public IReadOnlySet<string> SecretFields { get; } = new HashSet<string> { "token" };

        /// <summary>What the next sends answer.</summary>
        public DeliveryResult Answer { get; set; } = DeliveryResult.Success(200);

        public IReadOnlyList<(JsonObject Settings, OutgoingNotification Notification)> Sent => [.. _sent];

        public IReadOnlyDictionary<string, string> Validate(JsonObject settings) => new Dictionary<string, string>();

        public IReadOnlyDictionary<string, string> TargetsOf(JsonObject settings) => new Dictionary<string, string>();

        public Task<DeliveryResult> SendAsync(JsonObject settings, OutgoingNotification notification, CancellationToken cancellationToken)
        {
            _sent.Enqueue((settings, notification));
            return Task.FromResult(Answer);
        }
    }

    private sealed class SubjectOnlyTemplates : INotificationTemplates
    {
        public string? Validate(string template) => null;

        public (string Subject, string Body) Render(IReadOnlyList<NotificationItem> items, string? subjectTemplate, string? bodyTemplate) =>
            ($"{items.Count} event(s)", string.Join("\n", items.Select(i => $"{i.Payload.Kind} {i.Payload.WebsiteUrl}")));
    }

    private sealed class PlainSecrets : IChannelSecrets
    {
        public byte[] Protect(JsonObject secrets) => Encoding.UTF8.GetBytes(secrets.ToJsonString());

        public JsonObject Unprotect(byte[] protectedSecrets) => (JsonObject)JsonNode.Parse(protectedSecrets)!;
    }
}
