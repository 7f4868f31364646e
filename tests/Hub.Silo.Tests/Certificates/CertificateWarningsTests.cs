using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Uptime.Hub.Certificates;
using Uptime.Hub.Notifications;
using Uptime.Hub.Tests.Database;
using Uptime.Hub.Tests.Notifications;
using Uptime.Protocol.Checks;
using Uptime.Testing;

namespace Uptime.Hub.Tests.Certificates;

/// <summary>
/// Certificate warnings on a real PostgreSQL database: one <c>certificate</c> event per threshold crossed, routed like any
/// event, once however many silos scan at the same time; renewed certificates start over; paused and deleted websites,
/// expired certificates and narrowed policies get none.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class CertificateWarningsTests(PostgresFixture postgres)
{
    private static readonly DateTime _start = OutboxTestbed.Start;

    [Fact]
    public async Task WarnAsync_FirstSeenWith5DaysLeft_OneSevenDayWarningSentToThePolicyChannelNow()
    {
        await using var bed = await OutboxTestbed.CreateAsync(postgres);
        var channel = await bed.ChannelAsync();
        await bed.PolicyAsync([channel], quietSeconds: 600, reminderMinutes: 5);
        var website = await bed.WebsiteAsync("prod");
        await CertificateAsync(bed, website, _start.AddDays(5.5));

        Assert.Equal(1, await Warnings(bed).WarnAsync(null, CancellationToken.None));
        await bed.DeliverAsync();

        var delivery = Assert.Single(await bed.DeliveriesAsync());
        Assert.Equal(("certificate", channel, "sent", _start), (delivery.Kind, delivery.Channel, delivery.State, delivery.DueAt));
        var item = Assert.Single(Assert.Single(bed.Channel.Sent).Notification.Items);
        Assert.Equal((NotificationEventKind.Certificate, website, null as Guid?), (item.Payload.Kind, item.Payload.WebsiteId, item.Payload.IncidentId));
        var certificate = item.Payload.Certificate!;
        Assert.Equal((_start.AddDays(5.5), 5, 7, "CN=shop", "CN=Test CA"), (certificate.ExpiresAt, certificate.DaysLeft, certificate.ThresholdDays, certificate.Subject, certificate.Issuer));
        Assert.Equal(["shop.example.com"], certificate.Names);
        Assert.Equal(["prod"], item.Payload.Tags);
        Assert.Equal($"https://uptime.example/#site={website}", item.WebsiteLink);
        Assert.Null(item.IncidentLink);
        Assert.Equal(7, await WarnedDaysAsync(bed, website));
        Assert.Equal(0, await CountAsync(bed, "SELECT count(*) FROM notification_reminders"));
    }

    [Fact]
    public async Task WarnAsync_SilosRacing_ExactlyOneEventPerCrossing()
    {
        await using var bed = await OutboxTestbed.CreateAsync(postgres);
        await bed.PolicyAsync([await bed.ChannelAsync()]);
        var websites = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            websites.Add(await bed.WebsiteAsync());
            await CertificateAsync(bed, websites[^1], _start.AddDays(7.5));
        }

        var silos = new List<NpgsqlDataSource>();
        for (var i = 0; i < 4; i++)
        {
            silos.Add(NpgsqlDataSource.Create(bed.DataSource.ConnectionString));
        }

        try
        {
            var first = await Task.WhenAll(silos.Select(s => Warnings(bed, s).WarnAsync(null, CancellationToken.None)));
            bed.Clock.Advance(TimeSpan.FromDays(7));
            var second = await Task.WhenAll(silos.Select(s => Warnings(bed, s).WarnAsync(null, CancellationToken.None)));

            Assert.Equal((20, 20), (first.Sum(), second.Sum()));
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }

        Assert.Equal(40, await CountAsync(bed, "SELECT count(*) FROM notification_events WHERE kind = 'certificate'"));
        Assert.Equal(40, (await bed.DeliveriesAsync()).Count);
        foreach (var website in websites)
        {
            Assert.Equal([7, 1], await ThresholdsAsync(bed, website));
        }
    }

    [Fact]
    public async Task WarnAsync_Restarted_NothingTwice()
    {
        await using var bed = await OutboxTestbed.CreateAsync(postgres);
        var website = await bed.WebsiteAsync();
        await CertificateAsync(bed, website, _start.AddDays(20));

        Assert.Equal(1, await Warnings(bed).WarnAsync(null, CancellationToken.None));
        Assert.Equal(0, await Warnings(bed).WarnAsync(null, CancellationToken.None));
        bed.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(0, await Warnings(bed).WarnAsync([website], CancellationToken.None));

        Assert.Equal([30], await ThresholdsAsync(bed, website));
    }

    [Fact]
    public async Task Recorder_RenewedCertificate_WarnsAgainAtOnce()
    {
        await using var bed = await OutboxTestbed.CreateAsync(postgres);
        var website = await bed.WebsiteAsync();
        var warnings = Warnings(bed);
        var recorder = new CertificateRecorder(bed.DataSource, warnings, TimeProvider.System, NullLogger<CertificateRecorder>.Instance);
        await recorder.StartAsync(CancellationToken.None);
        try
        {
            recorder.Saw(website, Guid.NewGuid(), new CertificateFacts(_start.AddDays(5), "CN=old", "CN=Test CA", ["shop.example.com"]));
            await WaitForAsync(bed, website, 1);
            recorder.Saw(website, Guid.NewGuid(), new CertificateFacts(_start.AddDays(6), "CN=new", "CN=Test CA", ["shop.example.com"]));
            await WaitForAsync(bed, website, 2);
        }
        finally
        {
            await recorder.StopAsync(CancellationToken.None);
        }

        Assert.Equal([7, 7], await ThresholdsAsync(bed, website));
        Assert.Equal(["CN=old", "CN=new"], await PayloadTextsAsync(bed, website, "subject"));
        Assert.Equal(7, await WarnedDaysAsync(bed, website));
    }

    [Fact]
    public async Task WarnAsync_PausedDeletedOrExpired_NobodyWarned_ResumedLater_Warned()
    {
        await using var bed = await OutboxTestbed.CreateAsync(postgres);
        await bed.PolicyAsync([await bed.ChannelAsync()]);
        var (paused, deleted, expired) = (await bed.WebsiteAsync(), await bed.WebsiteAsync(), await bed.WebsiteAsync());
        await CertificateAsync(bed, paused, _start.AddDays(3));
        await CertificateAsync(bed, deleted, _start.AddDays(3));
        await CertificateAsync(bed, expired, _start.AddHours(-1));
        await ExecuteAsync(bed, "UPDATE websites SET enabled = false WHERE id = $1", paused);
        Assert.True(await bed.Websites.DeleteAsync(deleted, CancellationToken.None));

        Assert.Equal(0, await Warnings(bed).WarnAsync(null, CancellationToken.None));
        Assert.Empty(await bed.DeliveriesAsync());

        await ExecuteAsync(bed, "UPDATE websites SET enabled = true WHERE id = $1", paused);
        Assert.Equal(1, await Warnings(bed).WarnAsync(null, CancellationToken.None));
        Assert.Equal([7], await ThresholdsAsync(bed, paused));
    }

    [Fact]
    public async Task WarnAsync_PolicyWithoutTheCertificateEvent_EventWrittenButNoDelivery()
    {
        await using var bed = await OutboxTestbed.CreateAsync(postgres);
        var (outages, everything) = (await bed.ChannelAsync(), await bed.ChannelAsync());
        await bed.PolicyAsync([outages], events: ["opened", "resolved"]);
        await bed.PolicyAsync([everything]);
        var website = await bed.WebsiteAsync();
        await CertificateAsync(bed, website, _start.AddDays(1));

        await Warnings(bed).WarnAsync(null, CancellationToken.None);

        Assert.Equal([("certificate", everything)], (await bed.DeliveriesAsync()).Select(d => (d.Kind, d.Channel)));
    }

    [Fact]
    public async Task WarnAsync_Off_NothingWritten()
    {
        await using var bed = await OutboxTestbed.CreateAsync(postgres);
        var website = await bed.WebsiteAsync();
        await CertificateAsync(bed, website, _start.AddDays(1));

        Assert.Equal(0, await Warnings(bed, days: []).WarnAsync(null, CancellationToken.None));
        Assert.Null(await WarnedDaysAsync(bed, website));
    }

    [Fact]
    public async Task Scanner_ScanFailsWithAStatementError_LogsItAndScansAgainNextPeriod()
    {
        await using var bed = await OutboxTestbed.CreateAsync(postgres);
        await bed.PolicyAsync([await bed.ChannelAsync()]);
        var website = await bed.WebsiteAsync();
        await CertificateAsync(bed, website, _start.AddDays(5.5));
        await ExecuteAsync(bed, "ALTER TABLE website_certificates RENAME TO website_certificates_away");
        var logger = new RecordingLogger<CertificateWarningScanner>();
        var scanner = new CertificateWarningScanner(Warnings(bed), bed.Clock, logger);
        await scanner.StartAsync(CancellationToken.None);
        try
        {
            await logger.FirstAsync(8113).WaitAsync(TimeSpan.FromSeconds(15));
            await ExecuteAsync(bed, "ALTER TABLE website_certificates_away RENAME TO website_certificates");
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while ((await ThresholdsAsync(bed, website)).Count == 0)
            {
                Assert.False(scanner.ExecuteTask!.IsCompleted, $"the scanner stopped: {scanner.ExecuteTask.Exception}");
                Assert.True(DateTime.UtcNow < deadline, "no warning within 15 s of the table coming back");
                bed.Clock.Advance(CertificateWarningScanner.Period);
                await Task.Delay(50);
            }
        }
        finally
        {
            await scanner.StopAsync(CancellationToken.None);
        }

        Assert.Equal([7], await ThresholdsAsync(bed, website));
    }

    private static CertificateWarnings Warnings(OutboxTestbed bed, NpgsqlDataSource? dataSource = null, int[]? days = null) =>
        new(dataSource ?? bed.DataSource, new CertificateWarningOptions { Days = days ?? [30, 14, 7, 1] }, bed.Clock, NullLogger<CertificateWarnings>.Instance);

    private static Task CertificateAsync(OutboxTestbed bed, Guid website, DateTime expiresAt) => ExecuteAsync(
        bed,
        """
        INSERT INTO website_certificates (website_id, expires_at, subject, issuer, names, validator_id, seen_at)
        VALUES ($1, $2, 'CN=shop', 'CN=Test CA', '{shop.example.com}', gen_random_uuid(), $2 - interval '60 days')
        """,
        website, expiresAt);

    /// <summary>The thresholds of the website's certificate events, oldest first.</summary>
    private static async Task<List<int>> ThresholdsAsync(OutboxTestbed bed, Guid website) =>
        [.. (await PayloadTextsAsync(bed, website, "thresholdDays")).Select(int.Parse)];

    private static async Task<List<string>> PayloadTextsAsync(OutboxTestbed bed, Guid website, string field)
    {
        await using var command = bed.DataSource.CreateCommand(
            "SELECT payload -> 'certificate' ->> $2 FROM notification_events WHERE website_id = $1 AND kind = 'certificate' ORDER BY id");
        command.Parameters.Add(new() { Value = website });
        command.Parameters.Add(new() { Value = field });
        await using var reader = await command.ExecuteReaderAsync();
        var texts = new List<string>();
        while (await reader.ReadAsync())
        {
            texts.Add(reader.GetString(0));
        }

        return texts;
    }

    private static async Task<int?> WarnedDaysAsync(OutboxTestbed bed, Guid website)
    {
        await using var command = bed.DataSource.CreateCommand("SELECT warned_days FROM website_certificates WHERE website_id = $1");
        command.Parameters.Add(new() { Value = website });
        return await command.ExecuteScalarAsync() is int days ? days : null;
    }

    private static async Task<long> CountAsync(OutboxTestbed bed, string sql)
    {
        await using var command = bed.DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitForAsync(OutboxTestbed bed, Guid website, int events)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await ThresholdsAsync(bed, website)).Count < events)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no {events} certificate events within 15 s");
            await Task.Delay(50);
        }
    }

    private static async Task ExecuteAsync(OutboxTestbed bed, string sql, params object[] values)
    {
        await using var command = bed.DataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new() { Value = value });
        }

        await command.ExecuteNonQueryAsync();
    }
}
