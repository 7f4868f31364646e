using System.Net;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Testing;

namespace Uptime.EndToEnd.Tests.Push;

/// <summary>A push monitor's last push survives a crash of the hub: its deadline runs from that push, not from the restart.</summary>
[Collection(HubCollection.Name)]
public sealed class PushMonitorRestartTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Hub_KilledAndStartedAgain_LastPushReadBackAndItsDeadlineKept()
    {
        // Grace long enough for the restart (a hub starts in ~6 s here) to happen well within interval + grace.
        const int Interval = 10;
        const int Grace = 20;
        var connectionString = await postgres.CreateDatabaseAsync();
        Guid id;
        Uri pushUrl;
        DateTime pushedAt;
        await using (var crashed = await HubProcess.StartAsync(connectionString))
        {
            (id, pushUrl) = await PushMonitors.CreateAsync(crashed, "survives", Interval, Grace);
            Assert.Equal(HttpStatusCode.OK, (await PushMonitors.PushAsync(crashed.Http, pushUrl, "?msg=before%20the%20crash")).Status);
            var stored = await Eventually.UntilAsync(
                () => crashed.Database.TicksAsync(id),
                ticks => ticks.Count == 1,
                TimeSpan.FromSeconds(10),
                ticks => $"the push was not stored: {ticks?.Count} ticks");
            pushedAt = stored[0].Timestamp;
            await crashed.Process.KillAsync();
        }

        await using var hub = await HubProcess.StartAsync(connectionString);
        var restartedAt = DateTime.UtcNow;

        var website = await PushMonitors.WebsiteAsync(hub, id);
        Assert.Equal(pushedAt, website.GetProperty("lastCheckedAt").GetDateTime().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        Assert.Equal("Up", website.GetProperty("status").GetString());
        Assert.Contains("before the crash", website.GetProperty("statusReason").GetString(), StringComparison.Ordinal);

        var down = await PushMonitors.WaitForStatusAsync(hub, id, "Down", TimeSpan.FromSeconds(Interval + Grace + 10));
        var changedAt = down.GetProperty("statusChangedAt").GetDateTime().ToUniversalTime();
        var deadline = pushedAt.AddSeconds(Interval + Grace);
        Assert.True(changedAt >= deadline, $"Down at {changedAt:O}, before the deadline {deadline:O}");
        Assert.True(changedAt < restartedAt.AddSeconds(Interval + Grace), $"Down at {changedAt:O}: counted from the restart at {restartedAt:O}, not the push at {pushedAt:O}");
    }
}
