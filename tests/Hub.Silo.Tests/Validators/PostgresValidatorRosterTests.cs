using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Uptime.Grains;
using Uptime.Hub.Live;
using Uptime.Hub.Tests.Database;
using Uptime.Hub.Validators;
using Uptime.Testing;

namespace Uptime.Hub.Tests.Validators;

[Collection(DatabaseCollection.Name)]
public sealed class PostgresValidatorRosterTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly LocalValidators _local = new(new LiveStreams(Options.Create(new JsonOptions())), TimeProvider.System);
    private string _database = "";
    private NpgsqlDataSource? _dataSource;
    private PostgresValidatorRoster? _roster;

    private NpgsqlDataSource DataSource => _dataSource!;

    private PostgresValidatorRoster Roster => _roster!;

    public async Task InitializeAsync()
    {
        _dataSource = await MigratedDatabase.CreateAsync(postgres.Server);
        _database = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString).Database!;
        _roster = new PostgresValidatorRoster(
            _dataSource, _local, new ValidatorRosterOptions(), TimeProvider.System, NullLogger<PostgresValidatorRoster>.Instance);
    }

    public async Task DisposeAsync()
    {
        _roster?.Dispose();
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }

    [Fact]
    public async Task TryReadAsync_OnlineActiveValidators_WithRegionAndImpairment()
    {
        var healthy = await InsertAsync("eu-west");
        var impaired = await InsertAsync("us-east", impaired: true);
        await InsertAsync("eu-west", online: false);
        await InsertAsync("eu-west", state: "banned");
        await InsertAsync("eu-west", state: "pending");

        Assert.True(await Roster.TryReadAsync(CancellationToken.None));

        Assert.Equal(
            new[] { new RosterValidator(healthy, "eu-west", false), new RosterValidator(impaired, "us-east", true) }.OrderBy(v => v.Id),
            Roster.Online.OrderBy(v => v.Id));
        Assert.Equal(["eu-west"], Roster.VotingRegions);
        Assert.True(Roster.IsImpaired(impaired));
        Assert.False(Roster.IsImpaired(healthy));
        Assert.False(Roster.IsImpaired(Guid.NewGuid()));
    }

    [Fact]
    public async Task Running_ValidatorOnlineAfterStart_KnownAfterOneRefreshPeriod()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var roster = new PostgresValidatorRoster(
            DataSource, _local, new ValidatorRosterOptions { RefreshPeriod = TimeSpan.FromSeconds(5) }, time, NullLogger<PostgresValidatorRoster>.Instance);
        var first = await InsertAsync("eu-west");
        await roster.StartAsync(CancellationToken.None);
        try
        {
            Assert.Equal([first], roster.Online.Select(v => v.Id));
            var later = await InsertAsync("eu-west");

            // A second at a time: the refresh loop starts on its own task, so its first period may begin a little later.
            var advanced = TimeSpan.Zero;
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (roster.Online.Count < 2 && DateTime.UtcNow < deadline)
            {
                time.Advance(TimeSpan.FromSeconds(1));
                advanced += TimeSpan.FromSeconds(1);
                await Task.Delay(50);
            }

            Assert.Equal(new[] { first, later }.Order(), roster.Online.Select(v => v.Id).Order());
            Assert.True(advanced >= TimeSpan.FromSeconds(5), $"read again after {advanced.TotalSeconds} s, before one refresh period");
        }
        finally
        {
            await roster.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task VotingRegions_RegionsWithAHealthyValidator_OnceEachWhateverTheCase()
    {
        await InsertAsync("eu-west");
        await InsertAsync("EU-West");
        await InsertAsync("us-east", impaired: true);
        await InsertAsync("ap-south", impaired: true);
        await InsertAsync("ap-south");

        await Roster.TryReadAsync(CancellationToken.None);

        Assert.Equal(["ap-south", "eu-west"], Roster.VotingRegions.Select(r => r.ToLowerInvariant()).Order());
    }

    [Fact]
    public async Task TryReadAsync_ValidatorsOfOneRegion_ShareOneRegionStringAcrossReadings()
    {
        await InsertAsync("eu-west");
        await InsertAsync("eu-west");
        await Roster.TryReadAsync(CancellationToken.None);
        var first = Roster.Online[0].Region;

        await InsertAsync("eu-west");
        await Roster.TryReadAsync(CancellationToken.None);

        Assert.Equal(3, Roster.Online.Count);
        Assert.All(Roster.Online, v => Assert.Same(first, v.Region));
    }

    [Fact]
    public async Task TryReadAsync_PostgresAway_LastRosterKeptUntilItAnswersAgain()
    {
        var before = await InsertAsync("eu-west");
        await Roster.TryReadAsync(CancellationToken.None);
        var later = await InsertAsync("eu-west");

        await SetConnectionsAllowedAsync(false);
        try
        {
            Assert.False(await Roster.TryReadAsync(CancellationToken.None));
            Assert.Equal([before], Roster.Online.Select(v => v.Id));
        }
        finally
        {
            await SetConnectionsAllowedAsync(true);
        }

        Assert.True(await Roster.TryReadAsync(CancellationToken.None));
        Assert.Equal(new[] { before, later }.Order(), Roster.Online.Select(v => v.Id).Order());
    }

    [Fact]
    public async Task Online_ValidatorJustRegisteredOnThisSilo_IncludedBeforeTheNextReading()
    {
        var read = await InsertAsync("eu-west");
        await Roster.TryReadAsync(CancellationToken.None);
        var joined = new FakeRecipient(Guid.NewGuid(), "ap-south");

        _local.Add(joined, lastCheckAt: null);

        Assert.Equal([new RosterValidator(read, "eu-west", false), new RosterValidator(joined.Validator.Id, "ap-south", false)], Roster.Online);
        Assert.Equal(["eu-west", "ap-south"], Roster.VotingRegions);
        _local.Remove(joined);
        Assert.Equal([read], Roster.Online.Select(v => v.Id));
    }

    [Fact]
    public async Task Online_ValidatorRegisteredHereAndRead_ListedOnce()
    {
        var id = await InsertAsync("eu-west", impaired: true);
        _local.Add(new FakeRecipient(id, "eu-west"), lastCheckAt: null);

        await Roster.TryReadAsync(CancellationToken.None);

        Assert.Equal([new RosterValidator(id, "eu-west", true)], Roster.Online);
    }

    [Fact]
    public async Task Online_ValidatorThatLeftThisSilo_GoneAtOnceUntilAReadingWellAfterItLeft()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var local = new LocalValidators(new LiveStreams(Options.Create(new JsonOptions())), time);
        using var roster = new PostgresValidatorRoster(DataSource, local, new ValidatorRosterOptions(), time, NullLogger<PostgresValidatorRoster>.Instance);
        var stays = await InsertAsync("us-east");
        var leaves = await InsertAsync("us-east");
        var connection = new FakeRecipient(leaves, "us-east");
        local.Add(connection, lastCheckAt: null);
        await roster.TryReadAsync(CancellationToken.None);

        local.Remove(connection);
        Assert.Equal([stays], roster.Online.Select(v => v.Id));

        // Its row still says online: a reading just after it left does not bring it back...
        time.Advance(TimeSpan.FromSeconds(1));
        await roster.TryReadAsync(CancellationToken.None);
        Assert.Equal([stays], roster.Online.Select(v => v.Id));

        // ...nor does it hide a validator that registered again elsewhere for longer than that: a later reading is believed.
        time.Advance(PostgresValidatorRoster.OfflineWriteAllowance);
        await roster.TryReadAsync(CancellationToken.None);
        Assert.Equal(new[] { stays, leaves }.Order(), roster.Online.Select(v => v.Id).Order());
    }

    [Fact]
    public async Task Online_ValidatorReconnectedToThisSilo_BackAtOnce()
    {
        var id = await InsertAsync("us-east");
        var first = new FakeRecipient(id, "us-east");
        _local.Add(first, lastCheckAt: null);
        await Roster.TryReadAsync(CancellationToken.None);

        _local.Remove(first);
        _local.Add(new FakeRecipient(id, "us-east"), lastCheckAt: null);

        Assert.Equal([id], Roster.Online.Select(v => v.Id));
    }

    [Fact]
    public async Task Online_OneOfTwoConnectionsOfAValidatorClosed_StillOnlineAsRead()
    {
        var id = await InsertAsync("us-east", impaired: true);
        var old = new FakeRecipient(id, "us-east");
        _local.Add(old, lastCheckAt: null);
        _local.Add(new FakeRecipient(id, "us-east"), lastCheckAt: null);
        await Roster.TryReadAsync(CancellationToken.None);

        _local.Remove(old);

        Assert.Equal([new RosterValidator(id, "us-east", true)], Roster.Online);
    }

    private async Task<Guid> InsertAsync(string location, bool online = true, string state = "active", bool impaired = false)
    {
        var id = Guid.NewGuid();
        await using var command = DataSource.CreateCommand("""
            INSERT INTO validators (id, public_key, ip_address, location, online, state, impaired_since, impaired_reason)
            VALUES ($1, $2, '192.0.2.1', $3, $4, $5, CASE WHEN $6 THEN now() END, CASE WHEN $6 THEN 'canaries failing' END)
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = $"0x{id:N}00000000" });
        command.Parameters.Add(new() { Value = location });
        command.Parameters.Add(new() { Value = online });
        command.Parameters.Add(new() { Value = state });
        command.Parameters.Add(new() { Value = impaired });
        await command.ExecuteNonQueryAsync();
        return id;
    }

    /// <summary>Refuses (or allows again) new connections to the roster's database and ends its open ones: PostgreSQL is away for it.</summary>
    private async Task SetConnectionsAllowedAsync(bool allowed)
    {
        await using var admin = NpgsqlDataSource.Create(postgres.Server.ConnectionString);
        await using (var alter = admin.CreateCommand($"ALTER DATABASE \"{_database}\" ALLOW_CONNECTIONS {allowed}"))
        {
            await alter.ExecuteNonQueryAsync();
        }

        await using var terminate = admin.CreateCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1");
        terminate.Parameters.Add(new() { Value = _database });
        await terminate.ExecuteNonQueryAsync();
        NpgsqlConnection.ClearAllPools();
    }
}
