using System.Globalization;
using Uptime.EndToEnd.Tests.Infrastructure;
using Uptime.Grains;
using Uptime.Testing;

namespace Uptime.EndToEnd.Tests.Readme;

/// <summary>
/// Every <c>```bash</c> example of the README runs here as a user copies it (ports replaced by free ones, so it runs
/// beside other tests), and the outcome the README promises is checked; the two commands of its first block are run by
/// <see cref="Demo.DemoScriptTests"/> (<c>up</c>) and by CI itself (<c>test</c>).
/// </summary>
[Collection(HubCollection.Name)]
public sealed class ReadmeExampleTests(PostgresFixture postgres) : IDisposable
{
    private const string TwoCommands = "./uptime.sh up";
    private const string Keygen = "ADDRESS=$(dotnet Validator.Agent/bin/Release/net10.0/Uptime.Validator.Agent.dll keygen)";
    private const string SeveralSilos = "dotnet build -c Release";
    private static readonly TimeSpan _registrationTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan _tickDeadline = TimeSpan.FromSeconds(60);

    private readonly string _home = Directory.CreateTempSubdirectory("uptime-e2e-readme-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public void EveryShellExample_IsRunByATest()
    {
        string[] runHere = [TwoCommands, Keygen, SeveralSilos];
        Assert.Equal(runHere, ReadmeExamples.All.Select(example => runHere.FirstOrDefault(known => example.FirstLine.StartsWith(known, StringComparison.Ordinal)) ?? example.FirstLine));
    }

    [Fact]
    public async Task KeygenExample_MakesAKey_TheAgentProvesItToASignatureModeHub()
    {
        await using var hub = await HubProcess.StartAsync(await postgres.CreateDatabaseAsync(), new Dictionary<string, string?> { ["VALIDATOR_AUTH"] = null });
        var example = ReadmeExamples.StartingWith(Keygen);

        // The README's hub is at the agent's default HUB_URL; this one is on a free port.
        await using var run = ChildProcess.StartScript("keygen example", ReadmeExamples.WithPorts(example, new Dictionary<int, int>()), RepositoryLayout.Root, new Dictionary<string, string?>
        {
            ["HOME"] = _home,
            ["HUB_URL"] = hub.WebSocketAddress.ToString(),
        });

        var keys = Path.Combine(_home, ".config", "uptime-validator", "keys");
        var address = await Eventually.UntilAsync(
            () => Task.FromResult(Directory.Exists(keys) ? Directory.GetFiles(keys).Select(Path.GetFileName).ToList() : []),
            files => files.Count == 1,
            _registrationTimeout,
            files => $"keygen made {files?.Count ?? 0} key files in {keys}{run.Describe()}");
        var validator = await hub.WaitForOnlineAsync(address[0]!, _registrationTimeout, () => run.Describe());
        Assert.Equal("US-West California", validator!.Location);
        Assert.Contains(run.ErrorLines, line => line.Contains("VALIDATOR_PUBLIC_KEY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SeveralSilosExample_BesideUpsHub_FormsOneClusterAndBothValidatorsCheckItsWebsites()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var target = await TargetSite.StartAsync();

        // up's hub: the default cluster id, so the example's silos join it.
        await using var upsHub = await HubProcess.StartAsync(connectionString, new Dictionary<string, string?> { ["HUB_CLUSTER_ID"] = null });
        var website = (await upsHub.CreateWebsiteAsync(target.Url("/ok"), interval: 10)).GetProperty("id").GetGuid();

        var hubPorts = FreePort.NextRun(3);
        var siloPorts = FreePort.NextRun(3);
        var gatewayPorts = FreePort.NextRun(3);
        var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var example = ReadmeExamples.StartingWith(SeveralSilos);
        var script = ReadmeExamples.WithPorts(example, new Dictionary<int, int>
        {
            [55432] = database.Port,
            [8080] = hubPorts,
            [8081] = hubPorts + 1,
            [8082] = hubPorts + 2,
            [11120] = siloPorts,
            [30010] = gatewayPorts,
        }).Replace(string.Create(CultureInfo.InvariantCulture, $":{database.Port}/uptime"), string.Create(CultureInfo.InvariantCulture, $":{database.Port}/{database.Database}"), StringComparison.Ordinal);

        // The suite has built the solution; building it again under running tests would race with them.
        script = script.Replace(SeveralSilos, ":", StringComparison.Ordinal);
        await using var run = ChildProcess.StartScript("several-silos example", script, RepositoryLayout.Root, new Dictionary<string, string?>
        {
            ["HOME"] = _home,
            ["HUB_LISTEN_IP"] = "127.0.0.1",
        });

        var west = await upsHub.WaitForOnlineAsync("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", _registrationTimeout, () => run.Describe(120));
        var europe = await upsHub.WaitForOnlineAsync("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", _registrationTimeout, () => run.Describe(120));
        var ticks = await Eventually.UntilAsync(
            () => upsHub.Database.TicksAsync(website),
            found => found.Any(tick => tick.ValidatorId == west!.Id) && found.Any(tick => tick.ValidatorId == europe!.Id),
            _tickDeadline,
            found => $"not both example validators' ticks for {website} ({found?.Count ?? 0} ticks){run.Describe(120)}{upsHub.Diagnostics}");
        Assert.All(ticks.Where(tick => tick.ValidatorId == west!.Id || tick.ValidatorId == europe!.Id), tick => Assert.Equal("Good", tick.Status));
        Assert.Equal(ValidatorIds.FromPublicKey("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"), west!.Id);
        foreach (var port in new[] { hubPorts + 1, hubPorts + 2 })
        {
            using var ready = await upsHub.Http.GetAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/readyz")));
            Assert.True(ready.IsSuccessStatusCode, $"the example's silo on {port} is not ready{run.Describe(120)}");
        }
    }
}
