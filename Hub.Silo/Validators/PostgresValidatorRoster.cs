using System.Collections.Concurrent;
using System.Collections.Frozen;
using Npgsql;
using Uptime.Grains;
using Uptime.Grains.Verdicts;
using Uptime.Hub.Database;

namespace Uptime.Hub.Validators;

/// <summary>
/// This silo's copy of the cluster's online, active validators, read from PostgreSQL at start and every
/// <see cref="ValidatorRosterOptions.RefreshPeriod"/>, kept as it was while PostgreSQL is away. The validators registered
/// on this silo's own connections join it at once: a validator that just registered here is checked by the websites of
/// this silo from its next slot, not a refresh later (on one silo, every website), and a website whose only validators
/// of a region reconnected here after a restart is not left without checks until the next reading. Website grains read
/// it on every dispatch, so <see cref="Online"/> is a field read unless a connection joined or left since. A validator
/// whose connection here closed leaves it at once too, until a reading that began <see cref="OfflineWriteAllowance"/>
/// after it left (by then its validator grain has written it offline, or it has registered again elsewhere): otherwise a
/// confirmation round could pick an agent that just went away. Region names are shared (<see cref="RegionNames"/>): many
/// website grains keep references to them.
/// </summary>
public sealed partial class PostgresValidatorRoster(
    NpgsqlDataSource dataSource,
    LocalValidators local,
    ValidatorRosterOptions options,
    TimeProvider time,
    ILogger<PostgresValidatorRoster> logger) : BackgroundService, IValidatorRoster
{
    /// <summary>How long after a validator's connection closed its row may still say online: the grain's write takes milliseconds.</summary>
    public static readonly TimeSpan OfflineWriteAllowance = TimeSpan.FromSeconds(2);

    private readonly Lock _merge = new();
    private IReadOnlyList<RosterValidator> _read = [];
    private DateTime _readStartedAt = DateTime.UnixEpoch;
    private Snapshot _snapshot = Snapshot.Empty;
    private bool _failing;

    public IReadOnlyList<RosterValidator> Online => Current.Online;

    public IReadOnlyList<string> VotingRegions => Current.VotingRegions;

    public IReadOnlyList<string> VotingRegionsFor(string? capability) => capability is null ? VotingRegions : Current.VotingRegionsFor(capability);

    public bool IsImpaired(Guid validatorId) => Current.Impaired.Contains(validatorId);

    /// <summary>Reads the validators as the hub starts, not a period later, so the website grains woken at start find them.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await TryReadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <summary>Reads the online validators again; returns whether PostgreSQL answered.</summary>
    public async Task<bool> TryReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var startedAt = time.GetUtcNow().UtcDateTime;
            var read = await ReadAsync(cancellationToken);
            lock (_merge)
            {
                _read = read;
                _readStartedAt = startedAt;
                Volatile.Write(ref _snapshot, Merge(local.Registrations));
            }

            if (_failing)
            {
                _failing = false;
                LogReadAgain(logger, read.Count);
            }

            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (!_failing)
            {
                _failing = true;
                var unavailable = DatabaseUnavailable.Explain(e);
                LogReadFailed(logger, unavailable is null ? e : null, unavailable ?? e.Message);
            }

            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RefreshPeriod, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await TryReadAsync(stoppingToken);
        }
    }

    private Snapshot Current
    {
        get
        {
            var snapshot = Volatile.Read(ref _snapshot);
            var registrations = local.Registrations;
            if (snapshot.Registrations == registrations)
            {
                return snapshot;
            }

            lock (_merge)
            {
                snapshot = Merge(registrations);
                Volatile.Write(ref _snapshot, snapshot);
                return snapshot;
            }
        }
    }

    /// <summary>
    /// The validators read, but those that left this silo since without another connection here, plus those registered
    /// here and not read (not impaired as far as this silo knows).
    /// </summary>
    private Snapshot Merge(int registrations)
    {
        var here = local.RegisteredValidators();
        var departed = local.DepartedSince(_readStartedAt - OfflineWriteAllowance);
        departed.ExceptWith(here.Select(v => v.Id));
        var online = _read.Where(v => !departed.Contains(v.Id)).ToList();
        var ids = online.Select(v => v.Id).ToHashSet();
        foreach (var registered in here)
        {
            if (ids.Add(registered.Id))
            {
                online.Add(new RosterValidator(registered.Id, RegionNames.Share(registered.Location), Impaired: false, registered.Capabilities));
            }
        }

        var impaired = online.Where(v => v.Impaired).Select(v => v.Id).ToFrozenSet();
        return new Snapshot(online, RosterValidator.VotingRegionsOf(online, null), impaired, registrations);
    }

    private async Task<List<RosterValidator>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, location, impaired_since IS NOT NULL, capabilities FROM validators WHERE online AND state = 'active'");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var online = new List<RosterValidator>();
        while (await reader.ReadAsync(cancellationToken))
        {
            online.Add(new RosterValidator(
                reader.GetGuid(0), RegionNames.Share(reader.GetString(1)), reader.GetBoolean(2), CapabilitySets.Intern(reader.GetFieldValue<string[]>(3))));
        }

        return online;
    }

    private sealed record Snapshot(IReadOnlyList<RosterValidator> Online, IReadOnlyList<string> VotingRegions, FrozenSet<Guid> Impaired, int Registrations)
    {
        public static readonly Snapshot Empty = new([], [], FrozenSet<Guid>.Empty, -1);

        private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _votingByCapability = new(StringComparer.Ordinal);

        /// <summary>Computed once per capability and snapshot: asked on every tick of such a monitor.</summary>
        public IReadOnlyList<string> VotingRegionsFor(string capability) =>
            _votingByCapability.GetOrAdd(capability, static (wanted, online) => RosterValidator.VotingRegionsOf(online, wanted), Online);
    }

    [LoggerMessage(3501, LogLevel.Warning, "Reading the online validators failed ({Reason}); this silo keeps its last roster and tries again each period")]
    private static partial void LogReadFailed(ILogger logger, Exception? exception, string reason);

    [LoggerMessage(3502, LogLevel.Information, "Read the online validators again: {Count} online")]
    private static partial void LogReadAgain(ILogger logger, int count);
}
