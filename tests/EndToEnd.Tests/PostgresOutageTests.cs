using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Protocol;
using Uptime.Testing;
using Xunit.Abstractions;

namespace Uptime.EndToEnd.Tests;

/// <summary>
/// PostgreSQL stopped under a running hub with validators connected: the API answers from memory (200) or with 503,
/// Retry-After and a problem naming the cause, never 500 and never slowly; a write is refused whole; heartbeats are
/// acknowledged; a registration gets a retryable ERROR; the ticks of the outage are stored once it is back, and every
/// read answers 200 again.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class PostgresOutageTests(ITestOutputHelper output)
{
    private const string StaleHeader = "X-Uptime-Stale";
    private const string FromMemoryHeader = "X-Uptime-From-Memory";

    private static readonly TimeSpan _outage = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan _pollPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan _slowestAnswer = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan _recovery = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PostgresStopped_ApiAnswersFromMemoryOr503_HeartbeatsAcknowledged_AllBackAfterwards()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var target = await TargetSite.StartAsync();
        await using var hub = await HubProcess.StartAsync(await postgres.CreateDatabaseAsync());
        var websiteUrl = target.Url("/ok");
        var websiteId = (await hub.CreateWebsiteAsync(websiteUrl, 10)).GetProperty("id").GetGuid();
        await using var agent = AgentProcess.Start(hub, "Outage Lab", new Dictionary<string, string?> { ["AGENT_HEARTBEAT_INTERVAL_SECONDS"] = "2" });
        await hub.WaitForOnlineAsync(agent.PublicKey, TimeSpan.FromSeconds(30), () => agent.Diagnostics);
        await using var validator = await HubClient.ConnectAsync(hub);
        await validator.RegisterAsync(AgentProcess.NewPublicKey());
        await Eventually.UntilAsync(
            () => hub.WebsiteStatusAsync(websiteId), status => status == "Up", TimeSpan.FromSeconds(30),
            status => $"website {websiteId} is {status}, not Up, before the outage{hub.Diagnostics}");

        var single = $"GET api/websites/{websiteId}";
        string[] stale = ["GET api/websites", "GET api/validators", "GET api/dashboard"];
        string[] reads =
        [
            "api/websites", $"api/websites/{websiteId}", $"api/websites/{websiteId}/ticks", $"api/websites/{websiteId}/stats",
            $"api/websites/{websiteId}/series", $"api/websites/{websiteId}/status-changes", "api/validators", "api/dashboard", "api/stats",
        ];
        using var http = HubProcess.AdminClient(hub.Http.BaseAddress!, _slowestAnswer);
        var before = await Task.WhenAll(reads.Select(path => GetAsync(http, path)));
        Assert.All(before, a => Assert.True(a.Status == HttpStatusCode.OK, a.ToString()));

        var stoppedAt = DateTime.UtcNow;
        await postgres.StopAsync();
        await Eventually.UntilAsync(
            () => StatusOfAsync(http, "readyz"), status => status == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(10),
            status => $"/readyz answered {status} 10 s after PostgreSQL stopped{hub.Diagnostics}");
        var notReadyAfter = DateTime.UtcNow - stoppedAt;
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(http, "healthz"));
        var answers = new List<Answer>();
        var heartbeatsAcked = 0;
        while (DateTime.UtcNow - stoppedAt < _outage)
        {
            foreach (var path in reads)
            {
                answers.Add(await GetAsync(http, path));
            }

            Assert.True((await validator.HeartbeatAsync()).Timestamp > stoppedAt);
            heartbeatsAcked++;
            await Task.Delay(_pollPause);
        }

        var postedUrl = target.Url("/during-outage");
        var started = Stopwatch.StartNew();
        using var post = await http.PostAsJsonAsync("api/websites", new { url = postedUrl, interval = 30 });
        var write = await Answer.ReadAsync("POST api/websites", post, started.Elapsed);
        await using var registering = await HubClient.ConnectAsync(hub);
        await registering.SendAsync(new RegisterMessage(AgentProcess.NewPublicKey(), "Outage Lab"));
        var refusal = await registering.ReceiveAsync<ErrorMessage>();

        await postgres.StartAgainAsync();
        var backAt = DateTime.UtcNow;
        await Eventually.UntilAsync(
            async () => await Task.WhenAll(reads.Select(path => GetAsync(http, path))),
            all => all.All(a => a.Status == HttpStatusCode.OK && a.Stale is null && a.FromMemory is null),
            _recovery,
            all => $"not every read answered 200 from the database within {_recovery.TotalSeconds:0} s after PostgreSQL returned: {string.Join("; ", all ?? [])}{hub.Diagnostics}");
        var allOkAfter = DateTime.UtcNow - backAt;
        await Eventually.UntilAsync(
            () => StatusOfAsync(http, "readyz"), status => status == HttpStatusCode.OK, _recovery,
            status => $"/readyz answered {status} {_recovery.TotalSeconds:0} s after PostgreSQL returned{hub.Diagnostics}");
        var readyAfter = DateTime.UtcNow - backAt;
        await Eventually.UntilAsync(
            () => http.GetFromJsonAsync<JsonElement[]>($"api/websites/{websiteId}/ticks?limit=100"),
            ticks => ticks!.Any(t => t.GetProperty("timestamp").GetDateTime() > stoppedAt.AddSeconds(1) && t.GetProperty("timestamp").GetDateTime() < backAt),
            _recovery,
            _ => $"no tick checked during the outage was stored within {_recovery.TotalSeconds:0} s after PostgreSQL returned{hub.Diagnostics}{agent.Diagnostics}");
        var outageTicksStoredAfter = DateTime.UtcNow - backAt;

        output.WriteLine($"PostgreSQL stopped for {(backAt - stoppedAt).TotalSeconds:0.0} s; {heartbeatsAcked} HEARTBEATs acknowledged meanwhile; "
            + $"/readyz 503 {notReadyAfter.TotalSeconds:0.0} s after the stop (/healthz 200), 200 again {readyAfter.TotalSeconds:0.0} s after the return");
        foreach (var group in answers.GroupBy(a => a.What))
        {
            output.WriteLine($"{group.Key}: {string.Join(", ", group.GroupBy(a => (int)a.Status).Select(s => $"{s.Count()}× {s.Key}"))}, slowest {group.Max(a => a.Took).TotalSeconds:0.00} s");
        }

        output.WriteLine(write.ToString());
        output.WriteLine($"REGISTER during the outage: ERROR {refusal.Code} - {refusal.Message}");
        output.WriteLine($"Every read answered 200 from the database {allOkAfter.TotalSeconds:0.0} s after PostgreSQL returned; "
            + $"the outage's ticks were stored {outageTicksStoredAfter.TotalSeconds:0.0} s after it returned");

        Assert.All(answers, a => Assert.True(a.IsOkOrServiceUnavailable, $"{a}{hub.Diagnostics}"));
        Assert.All(answers, a => Assert.True(a.Took < _slowestAnswer, $"{a} took {a.Took.TotalSeconds:0.0} s"));
        Assert.All(answers.Where(a => a.What == single), a => Assert.True(
            a.Status == HttpStatusCode.OK && a.FromMemory is not null && a.Body.Contains(websiteUrl, StringComparison.Ordinal)
            && a.Body.Contains("\"status\":\"Up\"", StringComparison.Ordinal),
            a.ToString()));
        Assert.All(answers.Where(a => stale.Contains(a.What)), a => Assert.True(a.Status == HttpStatusCode.OK && a.Stale is not null, a.ToString()));
        Assert.All(answers.Where(a => a.What == "GET api/websites"), a => Assert.Contains("\"status\":\"Up\"", a.Body, StringComparison.Ordinal));
        Assert.True(write.Status == HttpStatusCode.ServiceUnavailable && write.IsOkOrServiceUnavailable, write.ToString());
        Assert.Equal(ErrorCodes.Unavailable, refusal.Code);
        var listed = await http.GetFromJsonAsync<JsonElement[]>("api/websites?limit=1000");
        Assert.DoesNotContain(listed!, w => w.GetProperty("url").GetString() == postedUrl);
        Assert.DoesNotContain(ErrorCodes.InternalError, agent.Process.Output, StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> StatusOfAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return response.StatusCode;
    }

    private static async Task<Answer> GetAsync(HttpClient http, string path)
    {
        var started = Stopwatch.StartNew();
        try
        {
            using var response = await http.GetAsync(path);
            return await Answer.ReadAsync("GET " + path, response, started.Elapsed);
        }
        catch (TaskCanceledException)
        {
            return new Answer("GET " + path, 0, null, null, null, null, "no answer", started.Elapsed);
        }
    }

    private sealed record Answer(
        string What, HttpStatusCode Status, string? ContentType, string? RetryAfter, string? Stale, string? FromMemory, string Body, TimeSpan Took)
    {
        /// <summary>200, or 503 with Retry-After and a problem that says the database is unavailable.</summary>
        public bool IsOkOrServiceUnavailable => Status == HttpStatusCode.OK
            || (Status == HttpStatusCode.ServiceUnavailable && RetryAfter is not null && ContentType == "application/problem+json"
                && Body.Contains("the database is unavailable: ", StringComparison.Ordinal));

        public static async Task<Answer> ReadAsync(string what, HttpResponseMessage response, TimeSpan took) => new(
            what,
            response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            response.Headers.RetryAfter?.ToString(),
            response.Headers.TryGetValues(StaleHeader, out var stale) ? string.Join(", ", stale) : null,
            response.Headers.TryGetValues(FromMemoryHeader, out var fromMemory) ? string.Join(", ", fromMemory) : null,
            await response.Content.ReadAsStringAsync(),
            took);

        public override string ToString() =>
            $"{What}: {(int)Status} ({ContentType}, Retry-After {RetryAfter ?? "none"}, {StaleHeader} {Stale ?? "none"}, {FromMemoryHeader} {FromMemory ?? "none"}) "
            + $"in {Took.TotalSeconds:0.00} s: {Body[..Math.Min(Body.Length, 300)]}";
    }
}
