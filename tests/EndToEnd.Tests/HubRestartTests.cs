using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Testing;

namespace Uptime.EndToEnd.Tests;

/// <summary>A hub that crashes and is started again on the same database carries on where it stopped.</summary>
[Collection(HubCollection.Name)]
public sealed class HubRestartTests(PostgresFixture postgres)
{
    /// <summary>
    /// The website keeper's first sweep (5 s after start) wakes the website's grain: with the default 60 s backstop
    /// period, nothing else would within the 30 s this test waits.
    /// </summary>
    [Fact]
    public async Task Hub_KilledAndStartedAgain_WebsitesKeptAndDispatchResumes()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        Guid websiteId;
        await using (var crashed = await HubProcess.StartAsync(connectionString))
        {
            websiteId = (await crashed.CreateWebsiteAsync("https://example.com/survives", 10)).GetProperty("id").GetGuid();
            await crashed.Process.KillAsync();
        }

        await using var hub = await HubProcess.StartAsync(connectionString);
        await using var client = await HubClient.ConnectAsync(hub);
        await client.RegisterAsync(AgentProcess.NewPublicKey());

        var listed = await hub.Http.GetFromJsonAsync<JsonElement[]>("api/websites");
        Assert.Contains(websiteId, listed!.Select(w => w.GetProperty("id").GetGuid()));
        var check = await client.ReceiveCheckForAsync(websiteId, TimeSpan.FromSeconds(30));
        Assert.Equal("https://example.com/survives", check.Url);
    }

    [Fact]
    public async Task Delete_DisabledWebsiteAfterRestart_NoContent()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        Guid websiteId;
        await using (var crashed = await HubProcess.StartAsync(connectionString))
        {
            websiteId = (await crashed.CreateWebsiteAsync("https://example.com/disabled-then-deleted", 60)).GetProperty("id").GetGuid();
            using var disabled = await crashed.Http.PatchAsJsonAsync($"api/websites/{websiteId}", new { enabled = false });
            Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
            await crashed.Process.KillAsync();
        }

        await using var hub = await HubProcess.StartAsync(connectionString);

        // The website keeper wakes only enabled websites, so this grain is not active after the restart.
        using var deleted = await hub.Http.DeleteAsync($"api/websites/{websiteId}");
        var body = await deleted.Content.ReadAsStringAsync();

        Assert.True(deleted.StatusCode == HttpStatusCode.NoContent, $"DELETE answered {(int)deleted.StatusCode}: {body}{hub.Diagnostics}");
        using var gone = await hub.Http.GetAsync($"api/websites/{websiteId}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }
}
