using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Grains;
using Uptime.Hub.Canaries;
using Uptime.Protocol;
using TickStatus = Uptime.Protocol.TickStatus;

namespace Uptime.EndToEnd.Tests.Canaries;

/// <summary>
/// Canaries over real sockets: a hub whose canary is a local target, real agents and a spec-only client. A validator
/// failing its canaries is impaired within two rounds, shown so by the API, and recovers after a good round.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class CanaryTests(CanaryHubFixture fixture) : IClassFixture<CanaryHubFixture>
{
    private static readonly TimeSpan _registrationTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Two failing rounds, each judged two intervals after it was due, plus the interval the agent registered in, plus
    /// slack for a loaded machine.
    /// </summary>
    private static readonly TimeSpan _fourRounds = TimeSpan.FromSeconds((4 * CanaryHubFixture.IntervalSeconds) + 20);

    private HubProcess Hub => fixture.Hub;

    private Guid CanaryId => CanaryTargets.IdOf(fixture.Canary.Url);

    [Fact]
    public async Task Agents_OneTimesOutOnTheCanary_OnlyThatOneImpairedThenRecoveredOnceTheCanaryIsFast()
    {
        // The canary answers in 2.5 s: in time for an agent with the default 10 s timeout, too late for one with 1 s.
        fixture.Canary.Delay = TimeSpan.FromSeconds(2.5);
        await using var patient = AgentProcess.Start(Hub, "EU-West Ireland");
        await using var impatient = AgentProcess.Start(Hub, "US-East Virginia", new Dictionary<string, string?> { ["AGENT_CHECK_TIMEOUT_SECONDS"] = "1" });
        await Hub.WaitForOnlineAsync(patient.PublicKey, _registrationTimeout, () => patient.Diagnostics);
        await Hub.WaitForOnlineAsync(impatient.PublicKey, _registrationTimeout, () => impatient.Diagnostics);

        var impaired = await WaitForValidatorAsync(impatient, v => v.GetProperty("impaired").GetBoolean(), "impaired");
        var healthy = await ValidatorAsync(patient);

        var reason = impaired.GetProperty("impairedReason").GetString();
        Assert.True(reason == "Bad on 1 of 1 canaries in 2 consecutive rounds (latest: Timeout after 1000 ms)", $"{reason}{impatient.Diagnostics}{Hub.Diagnostics}");
        Assert.Equal(JsonValueKind.String, impaired.GetProperty("impairedSince").ValueKind);
        AssertNotImpaired(healthy);

        fixture.Canary.Delay = TimeSpan.Zero;
        var recovered = await WaitForValidatorAsync(impatient, v => !v.GetProperty("impaired").GetBoolean(), "recovered");

        AssertNotImpaired(recovered);
        AssertNotImpaired(await ValidatorAsync(patient));
        var log = Hub.Diagnostics;
        Assert.True(Occurrences(log, $"Validator {ValidatorIds.FromPublicKey(impatient.PublicKey)} is impaired") == 1, log);
    }

    [Fact]
    public async Task SpecOnlyClient_AnswersTheCanaryItWasSent_AdmittedOnceAndAForgedCanaryTickRefused()
    {
        await using var client = await HubClient.ConnectAsync(Hub);
        await client.RegisterAsync(AgentProcess.NewPublicKey());

        await client.SendAsync(new TickResultMessage(CanaryId, TickStatus.Bad, 5, DateTime.UtcNow, "made up"));
        var forged = await client.ReceiveAsync<ErrorMessage>();
        var check = await client.ReceiveCheckForAsync(CanaryId, TimeSpan.FromSeconds(CanaryHubFixture.IntervalSeconds + 5));
        await client.SendAsync(new TickResultMessage(check.WebsiteId, TickStatus.Good, 5, DateTime.UtcNow, null));
        await client.SendAsync(new TickResultMessage(check.WebsiteId, TickStatus.Good, 6, DateTime.UtcNow, null));
        var again = await client.ReceiveAsync<ErrorMessage>();

        Assert.Equal(ErrorCodes.UnexpectedTick, forged.Code);
        Assert.Contains("no open canary round", forged.Message, StringComparison.Ordinal);
        Assert.Equal(fixture.Canary.Url, check.Url);
        Assert.Equal(ErrorCodes.UnexpectedTick, again.Code);
        Assert.Contains("already answered", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CanaryEndpoint_Anonymous_200TextNotCached()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Hub.Port}/") };

        using var response = await anonymous.GetAsync("canary");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok\n", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    private void AssertNotImpaired(JsonElement validator) =>
        Assert.True(
            validator.GetProperty("impaired").GetBoolean() is false
            && validator.GetProperty("impairedSince").ValueKind == JsonValueKind.Null
            && validator.GetProperty("impairedReason").ValueKind == JsonValueKind.Null,
            $"expected not impaired: {validator}{Hub.Diagnostics}");

    private static int Occurrences(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private async Task<JsonElement> ValidatorAsync(AgentProcess agent)
    {
        var validators = await Hub.Http.GetFromJsonAsync<JsonElement[]>("api/validators");
        return validators!.Single(v => string.Equals(v.GetProperty("publicKey").GetString(), agent.PublicKey, StringComparison.OrdinalIgnoreCase));
    }

    private Task<JsonElement> WaitForValidatorAsync(AgentProcess agent, Func<JsonElement, bool> done, string what) =>
        Eventually.UntilAsync(
            () => ValidatorAsync(agent),
            done,
            _fourRounds,
            last => $"validator {agent.PublicKey} not {what} (last: {last}){agent.Diagnostics}{Hub.Diagnostics}");
}
