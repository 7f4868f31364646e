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
/// acknowledged; a registration gets a retryable ERROR; everything answers 200 again once PostgreSQL is back.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class PostgresOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan _outage = TimeSpan.FromSeconds(12);
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

        string[] reads =
        [
            "api/websites", $"api/websites/{websiteId}", $"api/websites/{websiteId}/ticks", $"api/websites/{websiteId}/stats",
            $"api/websites/{websiteId}/series", $"api/websites/{websiteId}/status-changes", "api/validators", "api/dashboard", "api/stats",
        ];
        using var http = HubProcess.AdminClient(hub.Http.BaseAddress!, _slowestAnswer);
        var stoppedAt = DateTime.UtcNow;
        await postgres.StopAsync();
        var answers = new List<Answer>();
        while (DateTime.UtcNow - stoppedAt < _outage)
        {
            foreach (var path in reads)
            {
                answers.Add(await GetAsync(http, path));
            }

            var ack = await validator.HeartbeatAsync();
            Assert.True(ack.Timestamp > stoppedAt);
        }

        var postedUrl = target.Url("/during-outage");
        using var post = await http.PostAsJsonAsync("api/websites", new { url = postedUrl, interval = 30 });
        var write = await Answer.ReadAsync("POST api/websites", post, TimeSpan.Zero);
        await using var registering = await HubClient.ConnectAsync(hub);
        await registering.SendAsync(new RegisterMessage(AgentProcess.NewPublicKey(), "Outage Lab"));
        var refusal = await registering.ReceiveAsync<ErrorMessage>();

        await postgres.StartAgainAsync();
        var backAt = DateTime.UtcNow;
        var allOk = await Eventually.UntilAsync(
            async () => await Task.WhenAll(reads.Select(path => GetAsync(http, path))),
            all => all.All(a => a.Status == HttpStatusCode.OK),
            _recovery,
            all => $"not every read answered 200 within {_recovery.TotalSeconds:0} s after PostgreSQL returned: {string.Join("; ", all ?? [])}{hub.Diagnostics}");
        output.WriteLine($"Every read answered 200 again {(DateTime.UtcNow - backAt).TotalSeconds:0.0} s after PostgreSQL returned");

        foreach (var group in answers.GroupBy(a => a.What))
        {
            output.WriteLine($"{group.Key}: {string.Join(", ", group.GroupBy(a => (int)a.Status).Select(s => $"{s.Count()}× {s.Key}"))}, slowest {group.Max(a => a.Took).TotalSeconds:0.00} s");
        }

        output.WriteLine($"{write}; REGISTER: ERROR {refusal.Code} - {refusal.Message}");
        Assert.All(answers, a => Assert.True(a.IsOkOrServiceUnavailable, $"{a}{hub.Diagnostics}"));
        Assert.All(answers, a => Assert.True(a.Took < _slowestAnswer, $"{a} took {a.Took.TotalSeconds:0.0} s"));
        var fromMemory = answers.Where(a => a.What == $"GET api/websites/{websiteId}").ToList();
        Assert.All(fromMemory, a => Assert.True(a.Status == HttpStatusCode.OK && a.Body.Contains(websiteUrl, StringComparison.Ordinal) && a.Body.Contains("\"Up\"", StringComparison.Ordinal), a.ToString()));
        Assert.True(write.Status == HttpStatusCode.ServiceUnavailable && write.IsOkOrServiceUnavailable, write.ToString());
        Assert.Equal(ErrorCodes.Unavailable, refusal.Code);
        var listed = await http.GetFromJsonAsync<JsonElement[]>("api/websites?limit=1000");
        Assert.DoesNotContain(listed!, w => w.GetProperty("url").GetString() == postedUrl);
        Assert.DoesNotContain(ErrorCodes.InternalError, agent.Process.Output, StringComparison.Ordinal);
        Assert.NotNull(allOk);
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
            return new Answer("GET " + path, 0, null, null, "no answer", started.Elapsed);
        }
    }

    private sealed record Answer(string What, HttpStatusCode Status, string? ContentType, string? RetryAfter, string Body, TimeSpan Took)
    {
        /// <summary>200, or 503 with Retry-After and a problem that says the database is unavailable.</summary>
        public bool IsOkOrServiceUnavailable => Status == HttpStatusCode.OK
            || (Status == HttpStatusCode.ServiceUnavailable && RetryAfter is not null && ContentType == "application/problem+json"
                && Body.Contains("database is unavailable", StringComparison.Ordinal));

        public static async Task<Answer> ReadAsync(string what, HttpResponseMessage response, TimeSpan took) => new(
            what,
            response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            response.Headers.RetryAfter?.ToString(),
            await response.Content.ReadAsStringAsync(),
            took);

        public override string ToString() =>
            $"{What}: {(int)Status} ({ContentType}, Retry-After {RetryAfter ?? "none"}) in {Took.TotalSeconds:0.00} s: {Body[..Math.Min(Body.Length, 300)]}";
    }
}
